package passes

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/sigmakql/sigmakql/events"
)

// A RowMapper also says how a direct interpreter should read a plain event so
// that it sees what the event's row says: the logsource's implied fields, the
// fields equivalent to value-mapped columns, and where keywords are searched.

// Implied returns the Sigma fields, with their values, that a plain event of the
// rule's logsource has without saying so: the pipeline's added conditions read
// back through its field mapping (Provider_Name, EventID, Channel, EventType …).
// Row gives a plain event these values in its row; a direct interpreter reading
// the event itself needs them too, or a rule testing EventID would disagree with
// its own query.
func (m *RowMapper) Implied() map[string]any {
	out := map[string]any{}
	if m.target == nil {
		return out
	}
	for _, c := range m.target.conds {
		if len(c.Values) == 0 {
			continue
		}
		v := c.Values[0]
		if n, ok := v.(int64); ok {
			v = json.Number(strconv.FormatInt(n, 10))
		}
		out[m.target.sigmaField(c.Field)] = v
	}
	return out
}

// sigmaField names the Sigma field a column (or dynamic member) is read as: the
// field mapped onto it, the member's own name inside the dynamic column, or the
// column's name.
func (t *target) sigmaField(ref string) string {
	for _, f := range t.fieldNames() {
		if t.fields[f] == ref {
			return f
		}
	}
	if member, ok := strings.CutPrefix(ref, t.dynamic+"."); ok && t.dynamic != "" {
		return member
	}
	return ref
}

// Complete returns a plain event as a direct interpreter should read it for
// the mapper's rule: with the fields its logsource implies (Implied) and each
// field a value map makes equivalent to a column the event sets (ResultType "0"
// is Status "Success"), the event's own fields winning. A field whose value a
// value map renames holds both spellings (Level 2 is also Level "Error"), as its
// column holds the one the query compares. A Windows record is returned as is:
// it carries its own System fields.
func (m *RowMapper) Complete(ev *events.Event) *events.Event {
	if ev.Windows != nil || m.target == nil {
		return ev
	}
	extra := m.Implied()
	renamed := map[string]any{}
	for _, vm := range m.target.valueMaps {
		v, ok := ev.Lookup(vm.ToField)
		if !ok || !strings.EqualFold(scalarText(v), vm.To) {
			continue
		}
		if vm.renames() {
			renamed[vm.Field] = []any{v, vm.From}
			continue
		}
		extra[vm.Field] = vm.From
	}
	if len(extra) == 0 && len(renamed) == 0 {
		return ev
	}
	for k, v := range ev.Raw {
		extra[k] = v
	}
	for k, v := range renamed {
		extra[k] = v
	}
	out := events.New(extra)
	out.Pos = ev.Pos
	return out
}

// KeywordValues returns the values a keyword is searched in, read from the row
// ev becomes exactly as the query reads them: each keyword column's value, and for
// a dynamic bag (WindowsEvent's EventData) each of its values, a list value
// element by element, leaving out nested objects and lists, which the query
// does not search. ok is false when the pipeline names no keyword columns, so
// the query searches the whole row.
func (m *RowMapper) KeywordValues(ev *events.Event) (values []any, ok bool) {
	if len(m.keywords) == 0 {
		return nil, false
	}
	row, _ := m.Row(ev)
	for _, c := range m.keywords {
		v, set := row[c.Name]
		if !set || v == nil {
			continue
		}
		bag, isBag := v.(map[string]any)
		if !isBag || c.Type != "dynamic" || len(c.Path) > 0 {
			values = append(values, v)
			continue
		}
		for _, key := range sortedKeys(bag) {
			list, isList := bag[key].([]any)
			if !isList {
				list = []any{bag[key]}
			}
			for _, v := range list {
				if isScalar(v) {
					values = append(values, v)
				}
			}
		}
	}
	return values, true
}

// isScalar reports whether v is a single value rather than an object or a list.
func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}
