package eval

import (
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// joinKinds are the join flavours the engine runs (Microsoft Learn, "join
// operator"); innerunique, the default, deduplicates the left side by key.
var joinKinds = map[string]bool{
	"innerunique": true, "inner": true, "leftouter": true, "rightouter": true, "fullouter": true,
	"leftanti": true, "leftantisemi": true, "rightanti": true, "rightantisemi": true,
	"leftsemi": true, "rightsemi": true, "anti": true,
}

// joinKey pairs a left and a right key expression.
type joinKey struct {
	left, right compiled
}

func optionValue(opts []*kql.Option, name string) (string, bool) {
	for _, o := range opts {
		if o.Name == name {
			return strings.Trim(o.Value, `"'`), true
		}
	}
	return "", false
}

// join binds the join operator.
func (b *binder) join(op *kql.JoinOp, left *tabPlan, sc *scope) (*tabPlan, error) {
	kind, ok := optionValue(op.Options, "kind")
	if !ok {
		kind = "innerunique"
	}
	kind = strings.ToLower(kind)
	if !joinKinds[kind] {
		return nil, errAt(op, CodeUnsupported, "join kind=%s is not supported by the local engine", kind)
	}
	switch kind {
	case "anti", "leftantisemi":
		kind = "leftanti"
	case "rightantisemi":
		kind = "rightanti"
	}
	right, err := b.tabular(op.Right, sc)
	if err != nil {
		return nil, err
	}
	keys, err := b.joinKeys(op, left.cols, right.cols, sc)
	if err != nil {
		return nil, err
	}
	cols := joinColumns(kind, left.cols, right.cols)
	return &tabPlan{cols: cols, run: func(rs *runState) (*Table, error) {
		lt, err := left.run(rs)
		if err != nil {
			return nil, err
		}
		rt, err := right.run(rs)
		if err != nil {
			return nil, err
		}
		return runJoin(rs, kind, keys, lt, rt, cols)
	}}, nil
}

// joinKeys binds the on clause: Col for a column both sides share, or
// $left.A == $right.B.
func (b *binder) joinKeys(op *kql.JoinOp, lcols, rcols []Column, sc *scope) ([]joinKey, error) {
	if len(op.On) == 0 {
		return nil, errAt(op, CodeUnsupported, "join without on is not supported by the local engine")
	}
	var keys []joinKey
	for _, on := range flattenAnd(op.On) {
		switch x := on.(type) {
		case *kql.NameRef:
			l, err1 := b.expr(x, lcols, sc)
			r, err2 := b.expr(x, rcols, sc)
			if err1 != nil || err2 != nil {
				return nil, errAt(x, CodeUnknownName, "join key %s must be a column of both sides", x.Name)
			}
			keys = append(keys, joinKey{l, r})
		case *kql.Binary:
			k, err := b.sidedKey(x, lcols, rcols, sc)
			if err != nil {
				return nil, err
			}
			keys = append(keys, k)
		default:
			return nil, unsupported(on, "this join condition")
		}
	}
	return keys, nil
}

// flattenAnd splits conditions joined by and, which join accepts as well as
// commas.
func flattenAnd(list []kql.Expr) []kql.Expr {
	var out []kql.Expr
	for _, x := range list {
		for {
			p, ok := x.(*kql.Paren)
			if !ok {
				break
			}
			x = p.X
		}
		if bin, ok := x.(*kql.Binary); ok && bin.Op == "and" {
			out = append(out, flattenAnd([]kql.Expr{bin.X, bin.Y})...)
			continue
		}
		out = append(out, x)
	}
	return out
}

// sidedKey binds $left.A == $right.B (either side may come first).
func (b *binder) sidedKey(x *kql.Binary, lcols, rcols []Column, sc *scope) (joinKey, error) {
	l, lside := sideColumn(x.X)
	r, rside := sideColumn(x.Y)
	if x.Op != "==" || lside == "" || rside == "" || lside == rside {
		return joinKey{}, unsupported(x, "this join condition (use $left.A == $right.B)")
	}
	if lside == "$right" {
		l, r = r, l
	}
	lc, err := b.expr(&kql.NameRef{Span: x.Span, Name: l}, lcols, sc)
	if err != nil {
		return joinKey{}, err
	}
	rc, err := b.expr(&kql.NameRef{Span: x.Span, Name: r}, rcols, sc)
	if err != nil {
		return joinKey{}, err
	}
	return joinKey{lc, rc}, nil
}

// sideColumn reads $left.Name or $right.Name.
func sideColumn(x kql.Expr) (name, side string) {
	m, ok := x.(*kql.Member)
	if !ok {
		return "", ""
	}
	ref, ok := m.X.(*kql.NameRef)
	if !ok || (ref.Name != "$left" && ref.Name != "$right") {
		return "", ""
	}
	return m.Name, ref.Name
}

// joinColumns gives the output layout: semi and anti joins keep one side;
// the others keep both, right names that clash renamed with a suffix.
func joinColumns(kind string, l, r []Column) []Column {
	switch kind {
	case "leftanti", "leftsemi":
		return l
	case "rightanti", "rightsemi":
		return r
	}
	return uniqueNames(append(append([]Column(nil), l...), r...))
}

func keyOf(f *frame, keys []joinKey, left bool) (string, bool) {
	vals := make([]Value, len(keys))
	for i, k := range keys {
		c := k.right
		if left {
			c = k.left
		}
		if vals[i] = c.fn(f); vals[i].Null {
			return "", false
		}
	}
	return rowKey(vals), true
}

// runJoin hashes the right side by key and probes it with the left rows.
// Rows whose key holds a null match nothing, since null == null is not true
// (Microsoft Learn, "Null values" › "Equality and inequality of null values").
func runJoin(rs *runState, kind string, keys []joinKey, lt, rt *Table, cols []Column) (*Table, error) {
	index := map[string][]int{}
	f := &frame{run: rs}
	for i, row := range rt.Rows {
		f.row = row
		if k, ok := keyOf(f, keys, false); ok {
			index[k] = append(index[k], i)
		}
	}
	out := &Table{Columns: cols}
	rightUsed := make([]bool, len(rt.Rows))
	seenLeft := map[string]bool{}
	for _, lrow := range lt.Rows {
		if err := rs.tick(); err != nil {
			return nil, err
		}
		f.row = lrow
		k, ok := keyOf(f, keys, true)
		matches := index[k]
		if !ok {
			matches = nil
		}
		if kind == "innerunique" {
			if seenLeft[k] {
				continue
			}
			seenLeft[k] = ok
		}
		for _, ri := range matches {
			rightUsed[ri] = true
		}
		emitLeft(out, kind, lrow, rt, matches, len(rt.Columns))
		if err := rs.checkRows(len(out.Rows)); err != nil {
			return nil, err
		}
	}
	emitRight(out, kind, rt, rightUsed, len(lt.Columns))
	return out, rs.checkRows(len(out.Rows))
}

func emitLeft(out *Table, kind string, lrow []Value, rt *Table, matches []int, rightWidth int) {
	switch kind {
	case "leftsemi":
		if len(matches) > 0 {
			out.Rows = append(out.Rows, lrow)
		}
	case "leftanti":
		if len(matches) == 0 {
			out.Rows = append(out.Rows, lrow)
		}
	case "inner", "innerunique", "leftouter", "fullouter", "rightouter":
		for _, ri := range matches {
			out.Rows = append(out.Rows, concatRows(lrow, rt.Rows[ri]))
		}
		if len(matches) == 0 && (kind == "leftouter" || kind == "fullouter") {
			out.Rows = append(out.Rows, concatRows(lrow, nullsFor(rt.Columns)))
		}
	}
}

func emitRight(out *Table, kind string, rt *Table, used []bool, leftWidth int) {
	for i, row := range rt.Rows {
		switch {
		case kind == "rightsemi" && used[i], kind == "rightanti" && !used[i]:
			out.Rows = append(out.Rows, row)
		case (kind == "rightouter" || kind == "fullouter") && !used[i]:
			out.Rows = append(out.Rows, concatRows(nullsFor(out.Columns[:leftWidth]), row))
		}
	}
}

func concatRows(a, b []Value) []Value {
	row := make([]Value, 0, len(a)+len(b))
	return append(append(row, a...), b...)
}

func nullsFor(cols []Column) []Value {
	row := make([]Value, len(cols))
	for i, c := range cols {
		row[i] = Null(c.Type)
	}
	return row
}
