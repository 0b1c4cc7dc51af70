package eval

import (
	"github.com/sigmakql/sigmakql/kql"
)

func init() {
	builtins["array_concat"] = &builtin{min: 1, max: -1, ret: TypeDynamic, fn: arrayConcat}
	builtins["set_has_element"] = &builtin{min: 2, max: 2, ret: TypeBool, fn: setHasElement}
	builtins["array_index_of"] = &builtin{min: 2, max: 2, ret: TypeLong, fn: arrayIndexOf}
	aggregates["make_bag"] = bindMakeBag
}

// arrayOf returns the elements of a dynamic array, or false.
func arrayOf(v Value) ([]any, bool) {
	arr, ok := v.D.([]any)
	return arr, ok && v.Type == TypeDynamic
}

// arrayConcat is array_concat(): the arrays' elements in order; null when an
// argument is not an array (Microsoft Learn, "array_concat()").
func arrayConcat(_ *kql.Call, a []Value) Value {
	out := []any{}
	for _, v := range a {
		arr, ok := arrayOf(v)
		if !ok {
			return Dynamic(nil)
		}
		out = append(out, arr...)
	}
	return Dynamic(out)
}

// sameElement reports whether an array element equals a value of the same
// kind (numbers together). An element of another kind with the same text
// ("2" and 2) is refused: no page says whether such elements match.
func sameElement(n *kql.Call, e any, v Value) bool {
	c, ok := compareValues(Dynamic(e), v)
	if !ok && !v.Null && e != nil && toStringValue(Dynamic(e)) == toStringValue(v) {
		fail(n, CodeUnsupported, "%s() with an element of another type but the same text is not supported by the local engine: no page documents the result", n.Func)
	}
	return ok && c == 0
}

// setHasElement is set_has_element(array, value).
func setHasElement(n *kql.Call, a []Value) Value {
	arr, ok := arrayOf(a[0])
	if !ok {
		return Null(TypeBool)
	}
	for _, e := range arr {
		if sameElement(n, e, a[1]) {
			return Bool(true)
		}
	}
	return Bool(false)
}

// arrayIndexOf is array_index_of(array, value): the zero-based index of the
// first equal element, or -1 (Microsoft Learn, "array_index_of()").
func arrayIndexOf(n *kql.Call, a []Value) Value {
	arr, ok := arrayOf(a[0])
	if !ok {
		return Null(TypeLong)
	}
	for i, e := range arr {
		if sameElement(n, e, a[1]) {
			return Long(int64(i))
		}
	}
	return Long(-1)
}

// bindMakeBag binds make_bag(bag): the union of the groups' bags. A key seen
// in several rows keeps its first value, which the docs allow ("an arbitrary
// value, out of the possible values for this key, is selected").
func bindMakeBag(b *binder, call *kql.Call, in []Column, sc *scope) (aggSpec, error) {
	a, err := aggArgs(b, call, in, sc, 1, 1)
	if err != nil {
		return aggSpec{}, err
	}
	return aggSpec{cols: []Column{{Name: aggName("bag", call), Type: TypeDynamic}}, newAgg: func() aggState {
		bag := map[string]any{}
		return &funcAgg{
			addFn: func(f *frame) {
				m, ok := a[0].fn(f).D.(map[string]any)
				if !ok {
					return
				}
				for k, v := range m {
					if _, seen := bag[k]; !seen {
						bag[k] = v
					}
				}
			},
			resultFn: func() Value {
				if len(bag) == 0 {
					return Dynamic([]any{}) // the documented default: an empty dynamic array
				}
				return Dynamic(bag)
			},
		}
	}}, nil
}
