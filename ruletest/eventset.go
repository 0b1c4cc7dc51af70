package ruletest

import (
	"fmt"

	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir/match"
	"github.com/sigmakql/sigmakql/kql/eval"
	"github.com/sigmakql/sigmakql/passes"
)

// rowIDColumn is an extra column holding each row's event index, so a query's
// result says which events it returned; the local engine leaves it out of
// whole-row (*) searches.
const rowIDColumn = eval.RowIDColumn

// EventSet is a list of events with their rows built once per table mapping and
// their interpreter views prepared once, so that checking many rules against the
// same events costs the matching alone. It is not safe for concurrent use.
type EventSet struct {
	Events []*events.Event

	tables map[string]*rowTable         // by RowMapper.Key
	views  map[string][]*match.Prepared // by RowMapper.Key; "" for the events as given
}

// rowTable is the events as rows of one table.
type rowTable struct {
	table  *eval.Table
	routes []passes.Route
}

// NewEventSet wraps evs.
func NewEventSet(evs []*events.Event) *EventSet {
	return &EventSet{Events: evs, tables: map[string]*rowTable{}, views: map[string][]*match.Prepared{}}
}

// prepared returns the events as the interpreter reads them for a rule read
// through m (nil when the rule did not convert): a plain event completed with
// the fields its row implies (m.Complete), and keywords searched only where the
// pipeline searches them (m.KeywordValues), so both sides see the same event.
func (s *EventSet) prepared(m *passes.RowMapper) []*match.Prepared {
	key := ""
	if m != nil {
		key = m.Key()
	}
	if v, ok := s.views[key]; ok {
		return v
	}
	v := make([]*match.Prepared, len(s.Events))
	for i, ev := range s.Events {
		v[i] = match.Prepare(interpreterView(m, ev))
	}
	s.views[key] = v
	return v
}

func interpreterView(m *passes.RowMapper, ev *events.Event) match.Event {
	if m == nil {
		return ev
	}
	if values, scoped := m.KeywordValues(ev); scoped {
		return &keywordScoped{Event: m.Complete(ev), values: values}
	}
	return m.Complete(ev)
}

// keywordScoped is an event whose keywords are searched only in the values the
// query searches (m.KeywordValues): the pipeline's keyword columns, or the
// values of WindowsEvent's EventData.
type keywordScoped struct {
	*events.Event
	values []any
}

// Walk visits the leaves of the keyword values only.
func (k *keywordScoped) Walk(visit func(any) bool) {
	for _, v := range k.values {
		if !events.WalkLeaves(v, visit) {
			return
		}
	}
}

// rows returns the events as rows of m's table.
func (s *EventSet) rows(m *passes.RowMapper) (*rowTable, error) {
	if rt, ok := s.tables[m.Key()]; ok {
		return rt, nil
	}
	cols := engineColumns(m)
	objects := make([]map[string]any, len(s.Events))
	rt := &rowTable{routes: make([]passes.Route, len(s.Events))}
	for i, ev := range s.Events {
		row, route := m.Row(ev)
		rt.routes[i] = route
		row[rowIDColumn] = int64(i)
		objects[i] = row
	}
	t, err := eval.TableFromJSON(cols, objects)
	if err != nil {
		return nil, fmt.Errorf("building %s rows: %w", m.Table(), err)
	}
	rt.table = t
	s.tables[m.Key()] = rt
	return rt, nil
}

// engineColumns lists the table's columns the local engine can hold (it has no
// decimal type) and the row identity column.
func engineColumns(m *passes.RowMapper) []eval.Column {
	var cols []eval.Column
	for _, c := range m.Columns() {
		if t, ok := eval.ParseType(c.Type); ok {
			cols = append(cols, eval.Column{Name: c.Name, Type: t})
		}
	}
	return append(cols, eval.Column{Name: rowIDColumn, Type: eval.TypeLong})
}
