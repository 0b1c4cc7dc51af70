package passes

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/sigmakql/sigmakql/events"
)

// windowsIngest names, for columns the Windows agents fill from the System
// element rather than from a Sigma field, the System field (in the flattened
// Element_Attribute form) they are read from: the Azure Monitor Agent writes the
// record's TimeCreated as TimeGenerated, its EventRecordID as EventRecordId, and so
// on.
var windowsIngest = map[string]string{
	"TimeGenerated":   "TimeCreated_SystemTime",
	"EventRecordId":   "EventRecordID",
	"SystemProcessId": "Execution_ProcessID",
	"SystemThreadId":  "Execution_ThreadID",
	"SystemUserId":    "Security_UserID",
	"Correlation":     "Correlation_ActivityID",
	"EventLevel":      "Level",
	"Provider":        "Provider_Name",
	"EventSourceName": "Provider_Name",
}

// rowBuilder builds one row.
type rowBuilder struct {
	m   *RowMapper
	ev  *events.Event
	row map[string]any
	// lost lists the plain event's fields the row cannot hold: no column reads
	// them, they share a column with another field of a different value, or
	// their value does not fit the column's type.
	lost []string
	// from names the field that set each column (or Column.member) of the row.
	from map[string]string
}

// windows fills the columns of a Windows event log record: ingestion columns from
// System, the dynamic column (WindowsEvent's EventData) from the data fields, and
// every other column from the Sigma field the pipeline reads from it or else from
// the System or data field of the column's own name.
func (b *rowBuilder) windows() {
	rec := b.ev.Windows
	sys := systemFields(rec.System)
	mapped := b.mappedFrom()
	for _, c := range b.m.Columns() {
		if src, ok := windowsIngest[c.Name]; ok {
			b.setFrom(c.Name, sys, src)
			continue
		}
		if t := b.m.target; t != nil && c.Name == t.dynamic {
			b.row[c.Name] = rec.Data
			continue
		}
		if b.setMapped(c.Name, mapped[c.Name]) {
			continue
		}
		if !b.setFrom(c.Name, sys, c.Name) {
			b.setFrom(c.Name, rec.Data, c.Name)
		}
	}
}

// plain fills the columns of an event written with Sigma field names: each column
// from the field of its own name, then, overriding, from the fields the pipeline
// maps onto it.
func (b *rowBuilder) plain() {
	b.from = map[string]string{}
	for _, c := range b.m.Columns() {
		if v, ok := b.ev.Lookup(c.Name); ok {
			b.row[c.Name] = v
			b.from[c.Name] = c.Name
		}
	}
	t := b.m.target
	if t == nil {
		b.plainByPlan()
		return
	}
	b.plainByTarget(t)
	b.addValueMaps(t)
	b.addConditions(t)
	b.findLost(t)
}

// plainByTarget maps every field the target names onto its column, and every
// other field of the event into the target's dynamic column, as the conversion
// reads them.
func (b *rowBuilder) plainByTarget(t *target) {
	for _, f := range t.fieldNames() {
		v, ok := b.ev.Lookup(f)
		if !ok {
			continue
		}
		v = t.storedValue(f, v)
		ref := t.fields[f]
		if prev, set := memberOf(b.row, ref); set && b.from[ref] != "" && b.from[ref] != f && scalarText(prev) != scalarText(v) {
			b.lost = append(b.lost, f+" (shares "+ref+" with "+b.from[ref]+")")
		}
		b.setPath(ref, v)
		b.from[ref] = f
	}
	b.dottedIntoDynamic(t)
	if t.dynamic == "" {
		return
	}
	data, _ := b.row[t.dynamic].(map[string]any)
	data = copyMap(data)
	for f, v := range b.ev.Fields() {
		if _, mapped := t.fields[f]; !mapped {
			data[f] = v
		}
	}
	b.row[t.dynamic] = data
}

// dottedIntoDynamic stores a field written as "Column.member" in that member of
// a dynamic column, as the conversion reads a field no mapping names.
func (b *rowBuilder) dottedIntoDynamic(t *target) {
	for f, v := range b.ev.Fields() {
		col, _, dotted := strings.Cut(f, ".")
		if _, mapped := t.fields[f]; dotted && !mapped && b.m.columnType(col) == "dynamic" {
			b.setPath(f, v)
		}
	}
}

// findLost records the event's fields no column holds: a field is held when the
// target maps it (or a field inside it), a column has its name, the dynamic
// column takes it, or it is "Column.member" of a dynamic column.
func (b *rowBuilder) findLost(t *target) {
	for _, f := range sortedKeys(b.ev.Fields()) {
		col, _, _ := strings.Cut(f, ".")
		switch {
		case t.dynamic != "", b.m.columnType(f) != "", b.m.columnType(col) == "dynamic", t.readsInside(f):
		default:
			b.lost = append(b.lost, f)
		}
	}
	for _, col := range sortedKeys(b.from) {
		if v := b.row[col]; !fitsType(v, b.m.columnType(col)) {
			b.lost = append(b.lost, b.from[col]+" (not a "+b.m.columnType(col)+" for "+col+")")
		}
	}
	sort.Strings(b.lost)
}

// fitsType reports whether a JSON value can be stored in a column of the Kusto
// type without becoming null: numbers in numeric columns, booleans in bool ones.
// Strings and dynamic columns take anything.
func fitsType(v any, typ string) bool {
	text := scalarText(v)
	switch typ {
	case "int", "long":
		_, err := strconv.ParseInt(text, 10, 64)
		return err == nil
	case "real":
		_, err := strconv.ParseFloat(text, 64)
		return err == nil
	case "bool":
		_, err := strconv.ParseBool(text)
		return err == nil
	}
	return true
}

// plainByPlan maps the fields the rule reads through the plan's columns, for a
// table no built-in route chose (a user pipeline's or --target-table's).
func (b *rowBuilder) plainByPlan() {
	for _, f := range sortedKeys(b.m.columns) {
		c := b.m.columns[f]
		if v, ok := b.ev.Lookup(f); ok {
			b.setPath(strings.Join(append([]string{c.Name}, c.Path...), "."), v)
		}
	}
}

// storedValue is v as the column of field f holds it: a value map renaming values
// of f (Level "Error") gives the stored value (2), a number where it reads as one.
func (t *target) storedValue(f string, v any) any {
	for _, vm := range t.valueMaps {
		if !vm.renames() || vm.Field != f || !strings.EqualFold(scalarText(v), vm.From) {
			continue
		}
		if _, err := strconv.ParseFloat(vm.To, 64); err == nil {
			return json.Number(vm.To)
		}
		return vm.To
	}
	return v
}

// addValueMaps fills a column the pipeline compares instead of a field it cannot
// compare as text (SigninLogs' Status Success is ResultType 0), when the event has
// the field's mapped value and not the column.
func (b *rowBuilder) addValueMaps(t *target) {
	for _, vm := range t.valueMaps {
		v, ok := b.ev.Lookup(vm.Field)
		if !ok || vm.renames() || !strings.EqualFold(scalarText(v), vm.From) {
			continue
		}
		if _, set := memberOf(b.row, vm.ToField); !set {
			b.setPath(vm.ToField, vm.To)
		}
	}
}

// addConditions gives a plain event the values of the pipeline's added
// conditions it lacks: the event is declared to be of the rule's logsource.
func (b *rowBuilder) addConditions(t *target) {
	for _, c := range t.conds {
		if v, ok := memberOf(b.row, c.Field); ok && scalarText(v) != "" {
			continue
		}
		if len(c.Values) == 0 {
			continue
		}
		switch v := c.Values[0].(type) {
		case int64:
			b.setPath(c.Field, json.Number(strconv.FormatInt(v, 10)))
		default:
			b.setPath(c.Field, v)
		}
	}
}

// mappedFrom inverts the target's field map: column → Sigma fields read from it,
// in name order.
func (b *rowBuilder) mappedFrom() map[string][]string {
	out := map[string][]string{}
	if t := b.m.target; t != nil {
		for _, f := range t.fieldNames() {
			out[t.fields[f]] = append(out[t.fields[f]], f)
		}
	}
	return out
}

func (b *rowBuilder) setMapped(col string, fields []string) bool {
	for _, f := range fields {
		if v, ok := b.ev.Lookup(f); ok {
			b.row[col] = v
			return true
		}
	}
	return false
}

func (b *rowBuilder) setFrom(col string, src map[string]any, key string) bool {
	v, ok := src[key]
	if ok {
		b.row[col] = v
	}
	return ok
}

// setPath stores v at "Column" or "Column.member.path", copying every map on the
// way so that the event's own maps are never modified.
func (b *rowBuilder) setPath(ref string, v any) {
	parts := strings.Split(ref, ".")
	cur := b.row
	for _, p := range parts[:len(parts)-1] {
		next, _ := cur[p].(map[string]any)
		next = copyMap(next)
		cur[p] = next
		cur = next
	}
	cur[parts[len(parts)-1]] = v
}

// systemFields flattens a record's System element: each child by name (its text
// or scalar value) and each attribute as Element_Attribute.
func systemFields(system map[string]any) map[string]any {
	out := make(map[string]any, len(system)+8)
	for name, v := range system {
		m, isElement := v.(map[string]any)
		if !isElement {
			out[name] = v
			continue
		}
		if text, ok := m["#text"]; ok {
			out[name] = text
		}
		if attrs, ok := m["#attributes"].(map[string]any); ok {
			for a, av := range attrs {
				out[name+"_"+a] = av
			}
		}
	}
	return out
}
