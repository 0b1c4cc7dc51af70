// Package schema knows which tables, columns and functions a Log Analytics /
// Microsoft Sentinel workspace (and Defender XDR advanced hunting) holds, and
// checks KQL queries against them: it carries an embedded snapshot generated from
// Microsoft's table documentation, a generated list of KQL's built-in functions,
// the platform functions detection engineers call (_GetWatchlist, FileProfile, …)
// with their documented result columns, loads user schemas for custom tables and
// stored functions (and imports workspace schema exports into that form), and
// walks a parsed query operator by operator to report unknown tables, columns and
// functions with suggestions.
package schema

import (
	"sort"
	"strings"
)

// Column is one column of a table. Type is Kusto's canonical scalar type name:
// string, int, long, real, bool, datetime, timespan, guid, dynamic or decimal.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Table is an immutable list of columns with an index by exact name. Tables are
// shared between schemas, so nothing mutates one after newTable builds it.
type Table struct {
	Name    string
	columns []Column
	index   map[string]int
}

func newTable(name string, cols []Column) *Table {
	t := &Table{Name: name, columns: cols, index: make(map[string]int, len(cols))}
	for i, c := range cols {
		if _, dup := t.index[c.Name]; !dup {
			t.index[c.Name] = i
		}
	}
	return t
}

// Column returns the column with exactly this name; KQL column names are case
// sensitive.
func (t *Table) Column(name string) (Column, bool) {
	i, ok := t.index[name]
	if !ok {
		return Column{}, false
	}
	return t.columns[i], true
}

// Columns returns the table's columns in documentation order. The caller must not
// modify the returned slice.
func (t *Table) Columns() []Column { return t.columns }

// Schema is a set of tables. A Schema is immutable once built, so Default can hand
// the same value to every caller.
type Schema struct {
	tables    map[string]*Table
	names     []string // sorted
	functions map[string]*Function
	// watchlists holds Sentinel watchlists' own columns by alias.
	watchlists map[string]*Table
}

func newSchema(tables map[string]*Table) *Schema {
	s := &Schema{tables: tables, names: make([]string, 0, len(tables))}
	for n := range tables {
		s.names = append(s.names, n)
	}
	sort.Strings(s.names)
	return s
}

// Table returns the table with exactly this name.
func (s *Schema) Table(name string) (*Table, bool) {
	t, ok := s.tables[name]
	return t, ok
}

// TableFold returns a table whose name equals name ignoring case, preferring an
// exact match. Kusto table names are case sensitive, so callers use it only to
// suggest the right spelling.
func (s *Schema) TableFold(name string) (*Table, bool) {
	if t, ok := s.tables[name]; ok {
		return t, true
	}
	for _, n := range s.names {
		if strings.EqualFold(n, name) {
			return s.tables[n], true
		}
	}
	return nil, false
}

// Tables returns the table names in sorted order. The caller must not modify the
// returned slice.
func (s *Schema) Tables() []string { return s.names }

// Merge returns a new schema holding the tables, functions and watchlists of s
// and other; a table in both gets the union of their columns, and where both
// define a column, a function or a watchlist, other's wins, because other is the user's description of their own workspace. Neither
// s nor other is changed.
func (s *Schema) Merge(other *Schema) *Schema {
	tables := make(map[string]*Table, len(s.tables)+len(other.tables))
	for n, t := range s.tables {
		tables[n] = t
	}
	for n, t := range other.tables {
		if base, ok := tables[n]; ok {
			t = unionTable(base, t)
		}
		tables[n] = t
	}
	merged := newSchema(tables)
	merged.functions = make(map[string]*Function, len(s.functions)+len(other.functions))
	for _, fns := range []map[string]*Function{s.functions, other.functions} {
		for n, f := range fns {
			merged.functions[n] = f
		}
	}
	merged.watchlists = make(map[string]*Table, len(s.watchlists)+len(other.watchlists))
	for _, wls := range []map[string]*Table{s.watchlists, other.watchlists} {
		for n, w := range wls {
			merged.watchlists[n] = w
		}
	}
	return merged
}

// unionTable returns base's columns followed by the columns only over has, with
// over's types replacing base's for shared names.
func unionTable(base, over *Table) *Table {
	cols := make([]Column, 0, len(base.columns)+len(over.columns))
	for _, c := range base.columns {
		if oc, ok := over.Column(c.Name); ok {
			c.Type = oc.Type
		}
		cols = append(cols, c)
	}
	for _, c := range over.columns {
		if _, ok := base.Column(c.Name); !ok {
			cols = append(cols, c)
		}
	}
	return newTable(base.Name, cols)
}
