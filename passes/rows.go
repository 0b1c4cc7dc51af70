package passes

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/schema"
)

// RowMapper turns raw events into rows of the table a rule's plan reads, from the
// same field-mapping data the conversion uses, so that a converted query and the
// rows it runs over can never disagree about where a Sigma field lives. A
// RowMapper is immutable and safe for concurrent use.
type RowMapper struct {
	table   string
	key     string
	target  *target // nil when no built-in route chose the table
	columns map[string]Column
	// keywords are the columns unbound keyword values are searched in; empty
	// means the whole row.
	keywords []Column
	schema   *schema.Table     // nil when the snapshot does not know the table
	types    map[string]string // column name -> type, of Columns
}

// Rows returns the RowMapper for rule under opts: the table the pipeline chooses
// for it and the target (fields, dynamic column, added conditions) that reads it.
// The error says why the rule has no table (its plan has errors).
func (p *Pipeline) Rows(rule *ir.Rule, opts Options) (*RowMapper, error) {
	plan := p.Apply(rule, opts)
	if !plan.Supported() {
		return nil, fmt.Errorf("rule is unsupported by pipeline %s: %s", p.Name, plan.Diagnostics.Errors()[0].Message)
	}
	m := &RowMapper{table: plan.Table, key: plan.Table, columns: plan.Columns, keywords: plan.Keywords}
	m.schema, _ = opts.schema().Table(plan.Table)
	if t, key := p.targetFor(rule.Logsource, plan.Table, &opts); t != nil {
		m.target, m.key = t, key
	}
	m.types = map[string]string{}
	for _, c := range m.Columns() {
		m.types[c.Name] = c.Type
	}
	return m, nil
}

// targetFor finds the built-in target that reads logsource from table under opts,
// and a key naming it.
func (p *Pipeline) targetFor(l ir.Logsource, table string, opts *Options) (*target, string) {
	s := &state{opts: opts, pipeline: p}
	for i, it := range p.items {
		ri, ok := it.(*routeItem)
		if !ok {
			continue
		}
		r := ri.find(l)
		if r == nil {
			continue
		}
		for j, t := range r.targets {
			if t.table == table && t.unsupported == "" && t.enabled(s) {
				return t, fmt.Sprintf("%s#%d.%s.%d", table, i, describeMatch(r.match), j)
			}
		}
	}
	return nil, ""
}

// Table is the table the rows belong to.
func (m *RowMapper) Table() string { return m.table }

// Key names the table and the target reading it: two mappers with the same key
// build the same row from an event, so callers may build each event's row once
// per key.
func (m *RowMapper) Key() string { return m.key }

// Columns lists the columns of the table: the schema snapshot's, or, for a table
// it does not know, the columns the rule reads, typed string (dynamic for a
// column read by member path).
func (m *RowMapper) Columns() []schema.Column {
	if m.schema != nil {
		return m.schema.Columns()
	}
	seen := map[string]bool{}
	var cols []schema.Column
	for _, f := range sortedKeys(m.columns) {
		c := m.columns[f]
		if seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		typ := c.Type
		if len(c.Path) > 0 {
			typ = "dynamic"
		}
		cols = append(cols, schema.Column{Name: c.Name, Type: typ})
	}
	return cols
}

// Row builds the row ev becomes in the mapper's table, as JSON-shaped values by
// column name (a dynamic column holds a map), and its Route: whether the event
// belongs in this table and satisfies every condition the pipeline adds
// (Provider, EventID, Channel, EventType …). A query never matches a row of
// another logsource, whatever its detection says; a row of another table is
// meaningless for the rule.
//
// A Windows event log record fills the columns from its own System and data
// fields, and belongs in WindowsEvent, or in SecurityEvent when it is from the
// Security channel. A plain event, written with Sigma field names, is mapped
// through the pipeline's fields onto the columns, and since it is declared to be
// of the rule's logsource it also receives the values of the pipeline's added
// conditions where it lacks them.
func (m *RowMapper) Row(ev *events.Event) (row map[string]any, route Route) {
	b := &rowBuilder{m: m, ev: ev, row: map[string]any{}}
	if ev.Windows != nil {
		b.windows()
		if !windowsTableHolds(m.table, ev.Windows) {
			return b.row, OtherTable
		}
	} else {
		b.plain()
	}
	if len(b.lost) > 0 {
		return b.row, Unrepresentable
	}
	if !m.conditionsHold(b.row) {
		return b.row, OtherLogsource
	}
	return b.row, Routed
}

// Route says whether an event belongs to a rule's logsource.
type Route int

// Routes of an event, from RowMapper.Row.
const (
	Routed          Route = iota // the event's row is in the rule's table and satisfies the pipeline's conditions
	OtherTable                   // the event is stored in another table (a Sysmon record is never a SigninLogs row)
	OtherLogsource               // the row is in the rule's table but fails the pipeline's conditions (another EventID, Provider …)
	Unrepresentable              // a plain event has fields the table cannot hold (see Lost): the query cannot see it as the rule does
)

// Lost lists the fields of a plain event that its row in the mapper's table
// cannot hold: no column reads them, or they share one column with another
// field of a different value. Such an event cannot exist in the table as written.
func (m *RowMapper) Lost(ev *events.Event) []string {
	b := &rowBuilder{m: m, ev: ev, row: map[string]any{}}
	if ev.Windows == nil {
		b.plain()
	}
	return b.lost
}

// columnType returns the type of a column of the table, or "" when it has none.
func (m *RowMapper) columnType(name string) string { return m.types[name] }

// readsInside reports whether the target maps field, or a field inside it
// ("properties" holds the mapped "properties.appId").
func (t *target) readsInside(field string) bool {
	for f := range t.fields {
		if f == field || strings.HasPrefix(f, field+".") {
			return true
		}
	}
	for _, vm := range t.valueMaps {
		if vm.Field == field {
			return true
		}
	}
	return false
}

// windowsTableHolds reports whether Log Analytics stores a Windows record of
// this kind in table: the Azure Monitor Agent writes every channel to
// WindowsEvent, and the Security Events connector only the Security channel to
// SecurityEvent.
func windowsTableHolds(table string, rec *events.WindowsRecord) bool {
	switch table {
	case "WindowsEvent":
		return true
	case "SecurityEvent":
		return strings.EqualFold(rec.Channel, "Security")
	}
	return false
}

func (m *RowMapper) conditionsHold(row map[string]any) bool {
	if m.target == nil {
		return true
	}
	for _, c := range m.target.conds {
		if !conditionHolds(row, c) {
			return false
		}
	}
	return true
}

func conditionHolds(row map[string]any, c condSpec) bool {
	v, ok := memberOf(row, c.Field)
	if !ok {
		return false
	}
	text := scalarText(v)
	for _, want := range c.Values {
		switch w := want.(type) {
		case string:
			if strings.EqualFold(text, w) {
				return true
			}
		case int64:
			if n, err := strconv.ParseInt(text, 10, 64); err == nil && n == w {
				return true
			}
		}
	}
	return false
}

// memberOf reads "Column" or "Column.member.path" from a row.
func memberOf(row map[string]any, ref string) (any, bool) {
	parts := strings.Split(ref, ".")
	var cur any = row
	for _, p := range parts {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// scalarText renders a JSON scalar as Kusto's tostring would.
func scalarText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
