package eval

import (
	"github.com/sigmakql/sigmakql/kql"
)

// listItem is one entry of an in/has_any list: a scalar, or a table whose
// first column supplies values at run time.
type listItem struct {
	scalar compiled
	table  *tabPlan
}

// inExpr binds X in (…), !in, in~, !in~, has_any and has_all.
func (b *binder) inExpr(x *kql.InExpr, in []Column, sc *scope) (compiled, error) {
	l, err := b.expr(x.X, in, sc)
	if err != nil {
		return compiled{}, err
	}
	items, err := b.listItems(x.List, in, sc)
	if err != nil {
		return compiled{}, err
	}
	if err := checkListTypes(x, l, items); err != nil {
		return compiled{}, err
	}
	values := listValues(items)
	switch x.Op {
	case "in", "!in":
		return inCompiled(x, l, values, false), nil
	case "in~", "!in~":
		return inCompiled(x, l, values, true), nil
	case "has_any", "has_all":
		return hasListCompiled(x, l, values), nil
	}
	return compiled{}, unsupported(x, "operator "+x.Op)
}

// checkListTypes applies the oracle's rules to in~, has_any and has_all (a
// string or dynamic left-hand side, KS107) and refuses in/!in between a
// string and a non-string constant, whose result no documentation gives.
func checkListTypes(x *kql.InExpr, l compiled, items []listItem) error {
	if x.Op != "in" && x.Op != "!in" {
		if !isStringLike(l.typ) {
			return errAt(x, CodeTypeMismatch, "%s needs a string or dynamic value, not %s", x.Op, l.typ)
		}
		return nil
	}
	for _, it := range items {
		if it.table == nil && undocumentedEquality("==", l.typ, it.scalar.typ) {
			return errAt(x, CodeUnsupported, "%s of a %s in a list holding a %s: Kusto.Language accepts it, but its result is not documented, so the local engine does not guess it", x.Op, l.typ, it.scalar.typ)
		}
	}
	return nil
}

// listItems binds the list of in/has_any: a name that is a column of the row
// is a scalar even when a table has the same name.
func (b *binder) listItems(list []kql.Expr, in []Column, sc *scope) ([]listItem, error) {
	items := make([]listItem, 0, len(list))
	for _, e := range list {
		if ref, ok := e.(*kql.NameRef); ok && indexOfColumn(in, ref.Name) >= 0 {
			c, err := b.expr(e, in, sc)
			if err != nil {
				return nil, err
			}
			items = append(items, listItem{scalar: c})
			continue
		}
		if b.isTabular(e, sc) {
			t, err := b.tabular(e, sc)
			if err != nil {
				return nil, err
			}
			items = append(items, listItem{table: t})
			continue
		}
		c, err := b.expr(e, in, sc)
		if err != nil {
			return nil, err
		}
		items = append(items, listItem{scalar: c})
	}
	return items, nil
}

// listSet is a list's values and, for the string ones, a set of their keys.
type listSet struct {
	vals  []Value
	set   map[string]bool // the string values
	fset  map[string]bool // the string values, folded
	other map[string]bool // the text of the values that are not strings
}

// listValues returns how to obtain the list for a row: computed once at bind
// time when every item is constant, once per run when the items are constants
// or tables, and per row otherwise.
func listValues(items []listItem) func(*frame) *listSet {
	rowFree, constant := true, true
	for _, it := range items {
		if it.table != nil {
			constant = false
		} else if !it.scalar.konst {
			rowFree, constant = false, false
		}
	}
	if constant {
		ls := newListSet(expandList(items, &frame{}))
		return func(*frame) *listSet { return ls }
	}
	if rowFree {
		key := new(byte)
		return func(f *frame) *listSet {
			if ls, ok := f.run.memo[key]; ok {
				return ls.(*listSet)
			}
			ls := newListSet(expandList(items, f))
			if f.run.memo == nil {
				f.run.memo = map[*byte]any{}
			}
			f.run.memo[key] = ls
			return ls
		}
	}
	return func(f *frame) *listSet { return newListSet(expandList(items, f)) }
}

func newListSet(vals []Value) *listSet {
	ls := &listSet{vals: vals, set: map[string]bool{}, fset: map[string]bool{}, other: map[string]bool{}}
	for _, w := range vals {
		switch w = unwrapDynamic(w); {
		case w.Type == TypeString:
			ls.set[w.S] = true
			ls.fset[foldString(w.S)] = true
		case !w.Null:
			ls.other[toStringValue(w)] = true
		}
	}
	return ls
}

// expandList evaluates the list: dynamic arrays contribute their elements and
// tables the values of their first column.
func expandList(items []listItem, f *frame) []Value {
	var out []Value
	for _, it := range items {
		if it.table != nil {
			t, err := f.run.sub(it.table)
			if err != nil {
				panic(runtimeError{err})
			}
			for _, row := range t.Rows {
				if len(row) > 0 {
					out = append(out, row[0])
				}
			}
			continue
		}
		v := it.scalar.fn(f)
		if arr, ok := v.D.([]any); ok && v.Type == TypeDynamic {
			for _, e := range arr {
				out = append(out, Dynamic(e))
			}
			continue
		}
		out = append(out, v)
	}
	return out
}

// inCompiled binds in and in~. Strings compare as strings (in~ ignoring case,
// see fold.go), numbers numerically; a null left-hand side is in nothing.
func inCompiled(x *kql.InExpr, l compiled, values func(*frame) *listSet, fold bool) compiled {
	negated := x.Op[0] == '!'
	lf := l.fn
	return compiled{typ: TypeBool, fn: func(f *frame) Value {
		v := unwrapDynamic(lf(f))
		if v.Null {
			return Bool(negated)
		}
		ls := values(f)
		if v.Type == TypeString {
			var hit bool
			if fold {
				var buf [128]byte
				hit = ls.fset[string(foldKey(v.S, buf[:0]))]
			} else {
				hit = ls.set[v.S]
			}
			if !hit && ls.other[v.S] {
				failMixedList(x)
			}
			return Bool(hit != negated)
		}
		for _, w := range ls.vals {
			if c, ok := compareValues(v, w); ok && c == 0 {
				return Bool(!negated)
			}
		}
		if ls.set[toStringValue(v)] {
			failMixedList(x)
		}
		return Bool(negated)
	}}
}

// failMixedList refuses a membership test that only a value of another type
// with the same text ("5" and 5) could satisfy: the static rules cannot see
// inside dynamic values, and no page documents the answer.
func failMixedList(x *kql.InExpr) {
	fail(x, CodeUnsupported, "%s between a value and a list item of another type with the same text is not supported by the local engine: no page documents the result", x.Op)
}

// hasListCompiled binds has_any and has_all: term matches (as has) against
// each value of the list.
func hasListCompiled(x *kql.InExpr, l compiled, values func(*frame) *listSet) compiled {
	all := x.Op == "has_all"
	lf := l.fn
	return compiled{typ: TypeBool, fn: func(f *frame) Value {
		h := toStringValue(lf(f))
		for _, w := range values(f).vals {
			s := toStringValue(w)
			if s == "" {
				fail(x, CodeUnsupported, "%s with an empty string has no documented meaning; the local engine does not guess it", x.Op)
			}
			if newNeedle(s, true).hasTerm(h, true, true) != all {
				return Bool(!all)
			}
		}
		return Bool(all)
	}}
}
