package eval

import (
	"github.com/sigmakql/sigmakql/kql"
)

// union binds union: the piped input (if any) then each table, with the
// columns of all of them (outer union, Kusto's default kind); a column that
// appears with different types keeps one column per type, named Name_type.
func (b *binder) union(op *kql.UnionOp, in *tabPlan, sc *scope) (*tabPlan, error) {
	for _, o := range op.Options {
		if o.Name != "kind" && o.Name != "isfuzzy" {
			return nil, unsupported(o, "union option "+o.Name)
		}
		if o.Name == "kind" && o.Value == "inner" {
			return nil, unsupported(o, "union kind=inner")
		}
	}
	var parts []*tabPlan
	if in != nil {
		parts = append(parts, in)
	}
	for _, x := range op.Tables {
		p, err := b.tabular(x, sc)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	cols, maps := unionLayout(parts)
	return &tabPlan{cols: cols, run: func(rs *runState) (*Table, error) {
		out := &Table{Columns: cols}
		for i, p := range parts {
			t, err := p.run(rs)
			if err != nil {
				return nil, err
			}
			for _, row := range t.Rows {
				if err := rs.tick(); err != nil {
					return nil, err
				}
				nr := nullsFor(cols)
				for j, v := range row {
					nr[maps[i][j]] = v
				}
				out.Rows = append(out.Rows, nr)
			}
			if err := rs.checkRows(len(out.Rows)); err != nil {
				return nil, err
			}
		}
		return out, nil
	}}, nil
}

// unionLayout merges the parts' columns and maps each part's columns to
// their output position.
func unionLayout(parts []*tabPlan) ([]Column, [][]int) {
	var cols []Column
	maps := make([][]int, len(parts))
	typesOf := map[string]map[Type]bool{}
	for _, p := range parts {
		for _, c := range p.cols {
			if typesOf[c.Name] == nil {
				typesOf[c.Name] = map[Type]bool{}
			}
			typesOf[c.Name][c.Type] = true
		}
	}
	for i, p := range parts {
		maps[i] = make([]int, len(p.cols))
		for j, c := range p.cols {
			name := c.Name
			if len(typesOf[c.Name]) > 1 {
				name = c.Name + "_" + c.Type.String()
			}
			k := indexOfColumn(cols, name)
			if k < 0 {
				k = len(cols)
				cols = append(cols, Column{Name: name, Type: c.Type})
			}
			maps[i][j] = k
		}
	}
	return cols, maps
}
