package schema

import "strings"

// rowSet is the schema of the rows flowing through one point of a pipeline: the
// columns in order, and whether further, unknown columns may be present (after an
// unknown table, a plugin or a stored function), in which case no name is
// reported as unknown.
type rowSet struct {
	cols  []Column
	index map[string]int
	open  bool
	table string // the table the rows come from, for messages; "" when mixed
	// prefixes admit every name starting with one of them: the columns of a
	// function returning several values, such as series_stats_X_min.
	prefixes []string
}

// openRows is the schema of rows nothing is known about.
var openRows = &rowSet{open: true}

// tableRows wraps a schema table without copying its columns.
func tableRows(t *Table) *rowSet {
	return &rowSet{cols: t.columns, index: t.index, table: t.Name}
}

// column returns the column called name.
func (r *rowSet) column(name string) (Column, bool) {
	if i, ok := r.index[name]; ok {
		return r.cols[i], true
	}
	for _, p := range r.prefixes {
		if strings.HasPrefix(name, p) {
			return Column{Name: name}, true
		}
	}
	return Column{}, false
}

// names returns the column names, for suggestions.
func (r *rowSet) names() []string {
	out := make([]string, len(r.cols))
	for i, c := range r.cols {
		out[i] = c.Name
	}
	return out
}

// rowBuilder assembles the columns an operator produces.
type rowBuilder struct {
	cols     []Column
	index    map[string]int
	open     bool
	table    string
	prefixes []string
}

// builderFrom starts a builder holding a copy of r's columns.
func builderFrom(r *rowSet) *rowBuilder {
	b := &rowBuilder{cols: make([]Column, 0, len(r.cols)+4), index: make(map[string]int, len(r.cols)+4),
		open: r.open, table: r.table, prefixes: r.prefixes}
	for _, c := range r.cols {
		b.set(c)
	}
	return b
}

// has reports whether the builder holds a column called name.
func (b *rowBuilder) has(name string) bool {
	_, ok := b.index[name]
	return ok
}

// set replaces the column of the same name in place, or appends it, as extend does.
func (b *rowBuilder) set(c Column) {
	if i, ok := b.index[c.Name]; ok {
		b.cols[i] = c
		return
	}
	b.index[c.Name] = len(b.cols)
	b.cols = append(b.cols, c)
}

// addUnique appends c, renaming it with the smallest numeric suffix that is free
// (A, A1, A2, …) as summarize and join do with clashing names.
func (b *rowBuilder) addUnique(c Column) {
	if b.has(c.Name) {
		base := c.Name
		for i := 1; ; i++ {
			c.Name = base + itoa(i)
			if !b.has(c.Name) {
				break
			}
		}
	}
	b.set(c)
}

// addFirst appends c unless a column of that name exists, as project does with
// duplicate names (Kusto keeps the first).
func (b *rowBuilder) addFirst(c Column) {
	if !b.has(c.Name) {
		b.set(c)
	}
}

// remove drops the columns for which drop returns true.
func (b *rowBuilder) remove(drop func(string) bool) {
	kept := b.cols[:0]
	for _, c := range b.cols {
		if !drop(c.Name) {
			kept = append(kept, c)
		}
	}
	b.cols = kept
	b.index = make(map[string]int, len(kept))
	for i, c := range kept {
		b.index[c.Name] = i
	}
}

// rows returns the built row set.
func (b *rowBuilder) rows() *rowSet {
	return &rowSet{cols: b.cols, index: b.index, open: b.open, table: b.table, prefixes: b.prefixes}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
