package passes

import (
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// state is one rule on its way through a pipeline: the rewritten copy of the rule
// and everything the items decided so far.
type state struct {
	rule      *ir.Rule
	logsource ir.Logsource // the logsource items match on; change_logsource edits it
	table     string
	columns   map[string]Column // field name in rule -> how it is read
	keywords  []Column
	qexprs    map[string]string   // placeholder name -> tabular query expression
	applied   map[string]bool     // ids of processing items that changed the rule
	values    map[string]string   // pySigma processing state (set_state)
	vars      map[string][]string // placeholder values of the pipeline
	// logsourceDone records that a table-selecting item handled the logsource, so
	// a later one does not report it unsupported.
	logsourceDone bool
	// unmapped holds fields already reported unmapped, so finish does not report
	// them twice.
	unmapped map[string]bool
	diags    diag.List
	opts     *Options
	pipeline *Pipeline
}

func newState(rule *ir.Rule, p *Pipeline, opts *Options) *state {
	lowered, diags := LowerModifiers(rule)
	s := &state{
		rule:      cloneRule(lowered),
		logsource: rule.Logsource,
		columns:   map[string]Column{},
		qexprs:    map[string]string{},
		applied:   map[string]bool{},
		values:    map[string]string{},
		unmapped:  map[string]bool{},
		vars:      p.Vars,
		diags:     diags,
		opts:      opts,
		pipeline:  p,
	}
	return s
}

// fork returns an independent copy of the state, so an item can try a rewrite and
// keep it only when it succeeds.
func (s *state) fork() *state {
	f := *s
	f.rule = cloneRule(s.rule)
	f.columns = copyMap(s.columns)
	f.qexprs = copyMap(s.qexprs)
	f.applied = copyMap(s.applied)
	f.values = copyMap(s.values)
	f.unmapped = copyMap(s.unmapped)
	f.keywords = append([]Column(nil), s.keywords...)
	f.diags = append(diag.List(nil), s.diags...)
	return &f
}

func copyMap[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// pos returns a position for rule-level diagnostics.
func (s *state) pos() diag.Pos {
	if s.rule.Logsource.Pos != (diag.Pos{}) {
		return s.rule.Logsource.Pos
	}
	return s.rule.Pos
}

// finish resolves what the items left open: placeholders, the --target-table
// override, and every field no item mapped, which is read from the table's column
// of the same name or reported unmapped.
func (s *state) finish() {
	s.resolvePlaceholders()
	if s.opts.TargetTable != "" {
		s.overrideTable(s.opts.TargetTable)
	}
	if s.table == "" {
		if !s.diags.HasErrors() {
			s.diags.Errorf(s.pos(), CodeUnsupportedLogsource, "no pipeline maps logsource %s to a table", describeLogsource(s.logsource))
		}
		return
	}
	if _, known := s.opts.schema().Table(s.table); !known {
		s.diags.Warnf(s.pos(), CodeCustomTable, "table %s is not in the schema snapshot; its columns are not checked", s.table)
	}
	eachMatch(s.rule, func(m *ir.FieldMatch) {
		if !m.IsKeyword() {
			s.resolveUnmapped(m.Pos, m.Field)
		}
		for _, v := range m.Values {
			if ref, ok := v.(*ir.FieldRef); ok {
				s.resolveUnmapped(ref.At, ref.Field)
			}
		}
	})
}

// resolveUnmapped reads a field no item mapped from the column of that name, or
// from a member of a dynamic column when the name is "Column.member".
func (s *state) resolveUnmapped(pos diag.Pos, field string) {
	if _, ok := s.columns[field]; ok || s.unmapped[field] {
		return
	}
	col, ok, known := s.lookupColumn(s.table, field)
	switch {
	case ok:
		s.columns[field] = col
	case !known:
		s.columns[field] = Column{Name: field, Type: "string"}
	default:
		s.diags.Errorf(pos, CodeUnmappedField, "field %q is not a column of table %s", field, s.table)
	}
}

// lookupColumn finds a column (or "Column.member.path" inside a dynamic column)
// of table. known is false when the schema does not know the table, in which case
// nothing can be checked.
func (s *state) lookupColumn(table, ref string) (col Column, ok, known bool) {
	t, known := s.opts.schema().Table(table)
	if !known {
		return Column{}, false, false
	}
	if c, ok := t.Column(ref); ok {
		return Column{Name: c.Name, Type: c.Type}, true, true
	}
	name, path, dotted := strings.Cut(ref, ".")
	if !dotted {
		return Column{}, false, true
	}
	c, ok := t.Column(name)
	if !ok || c.Type != "dynamic" {
		return Column{}, false, true
	}
	return Column{Name: c.Name, Path: strings.Split(path, "."), Type: "string"}, true, true
}

// overrideTable replaces the chosen table and checks that every mapped column
// exists there too.
func (s *state) overrideTable(table string) {
	s.table = table
	if _, known := s.opts.schema().Table(table); !known {
		return
	}
	for _, field := range sortedKeys(s.columns) {
		c := s.columns[field]
		ref := strings.Join(append([]string{c.Name}, c.Path...), ".")
		got, ok, _ := s.lookupColumn(table, ref)
		if !ok {
			s.diags.Errorf(s.pos(), CodeUnmappedField, "field %q is read from %s, which table %s does not have", field, ref, table)
			continue
		}
		s.columns[field] = got
	}
	for i, k := range s.keywords {
		if got, ok, _ := s.lookupColumn(table, k.Name); ok {
			s.keywords[i] = got
		}
	}
}

func (s *state) plan() *Plan {
	p := &Plan{
		Rule:             s.rule,
		Table:            s.table,
		Columns:          s.columns,
		Keywords:         s.keywords,
		QueryExpressions: s.qexprs,
		Pipeline:         s.pipeline.Name,
		Diagnostics:      s.diags,
	}
	if len(p.QueryExpressions) == 0 {
		p.QueryExpressions = nil
	}
	return p
}

func describeLogsource(l ir.Logsource) string {
	var parts []string
	for _, kv := range [][2]string{{"product", l.Product}, {"category", l.Category}, {"service", l.Service}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	if len(parts) == 0 {
		return "(empty)"
	}
	return strings.Join(parts, " ")
}
