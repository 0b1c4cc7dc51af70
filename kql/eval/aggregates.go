package eval

import (
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

func init() {
	aggregates["count"] = bindCount
	aggregates["countif"] = bindCountIf
	aggregates["dcount"] = bindDcount
	aggregates["sum"] = bindSum("sum", false)
	aggregates["sumif"] = bindSum("sumif", true)
	aggregates["min"] = bindExtreme("min", -1)
	aggregates["max"] = bindExtreme("max", 1)
	aggregates["avg"] = bindAvg
	aggregates["make_set"] = bindCollect("set", true)
	aggregates["make_list"] = bindCollect("list", false)
	aggregates["arg_max"] = bindArgExtreme(1)
	aggregates["arg_min"] = bindArgExtreme(-1)
	aggregates["take_any"] = bindTakeAny
	aggregates["any"] = bindTakeAny
}

// aggArgs binds an aggregate's arguments and checks their number.
func aggArgs(b *binder, call *kql.Call, in []Column, sc *scope, min, max int) ([]compiled, error) {
	if len(call.Args) < min || len(call.Args) > max {
		return nil, errAt(call, CodeBadArgument, "%s() does not take %d arguments", call.Func, len(call.Args))
	}
	out := make([]compiled, len(call.Args))
	for i, a := range call.Args {
		c, err := b.expr(a, in, sc)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// aggName is prefix_X for an argument that names a column, prefix_ otherwise.
func aggName(prefix string, call *kql.Call) string {
	if len(call.Args) > 0 {
		return prefix + "_" + resultName(call.Args[0])
	}
	return prefix + "_"
}

type funcAgg struct {
	addFn    func(f *frame)
	resultFn func() Value
}

func (a *funcAgg) add(f *frame)  { a.addFn(f) }
func (a *funcAgg) result() Value { return a.resultFn() }

func bindCount(b *binder, call *kql.Call, in []Column, sc *scope) (aggSpec, error) {
	if _, err := aggArgs(b, call, in, sc, 0, 0); err != nil {
		return aggSpec{}, err
	}
	return counting("count_", func(*frame) bool { return true }), nil
}

func bindCountIf(b *binder, call *kql.Call, in []Column, sc *scope) (aggSpec, error) {
	a, err := aggArgs(b, call, in, sc, 1, 1)
	if err != nil {
		return aggSpec{}, err
	}
	return counting("countif_", func(f *frame) bool { return toBool(a[0].fn(f)).IsTrue() }), nil
}

func counting(name string, pred func(*frame) bool) aggSpec {
	return aggSpec{cols: []Column{{Name: name, Type: TypeLong}}, newAgg: func() aggState {
		var n int64
		return &funcAgg{
			addFn:    func(f *frame) { n += boolToInt(pred(f)) },
			resultFn: func() Value { return Long(n) },
		}
	}}
}

func boolToInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// bindDcount binds dcount and dcountif: distinct non-null values counted
// exactly (Kusto estimates; an exact count is within its error bound).
func bindDcount(b *binder, call *kql.Call, in []Column, sc *scope) (aggSpec, error) {
	a, err := aggArgs(b, call, in, sc, 1, 3)
	if err != nil {
		return aggSpec{}, err
	}
	pred := predicateArg(call, a)
	return aggSpec{cols: []Column{{Name: aggName(call.Func, call), Type: TypeLong}}, newAgg: func() aggState {
		seen := map[string]bool{}
		return &funcAgg{
			addFn: func(f *frame) {
				if !pred(f) {
					return
				}
				if v := a[0].fn(f); !v.Null {
					seen[valueKey(v)] = true
				}
			},
			resultFn: func() Value { return Long(int64(len(seen))) },
		}
	}}, nil
}

// bindSum binds sum and sumif. Nulls are ignored, and a group with no values
// sums to 0 (Microsoft Learn, "summarize operator" › "Default values of
// aggregations": count, countif, dcount, dcountif, sum and sumif default to
// 0; make_list, make_set and make_bag to an empty dynamic array; every other
// aggregate to null).
func bindSum(name string, conditional bool) aggregateBinder {
	return func(b *binder, call *kql.Call, in []Column, sc *scope) (aggSpec, error) {
		n := 1
		if conditional {
			n = 2
		}
		a, err := aggArgs(b, call, in, sc, n, n)
		if err != nil {
			return aggSpec{}, err
		}
		typ := typeOr(a[0].typ, TypeReal)
		if typ == TypeInt {
			typ = TypeLong
		}
		return aggSpec{cols: []Column{{Name: aggName(name, call), Type: typ}}, newAgg: func() aggState {
			sum := Null(typ)
			return &funcAgg{
				addFn: func(f *frame) {
					if conditional && !toBool(a[1].fn(f)).IsTrue() {
						return
					}
					v := a[0].fn(f)
					if v.Null {
						return
					}
					if sum.Null {
						sum = convertValue(v, typ)
						return
					}
					sum = arith(call, "+", sum, v)
				},
				resultFn: func() Value {
					if sum.Null {
						return convertValue(Long(0), typ) // the documented default
					}
					return sum
				},
			}
		}}, nil
	}
}

func bindExtreme(name string, sign int) aggregateBinder {
	return func(b *binder, call *kql.Call, in []Column, sc *scope) (aggSpec, error) {
		a, err := aggArgs(b, call, in, sc, 1, 1)
		if err != nil {
			return aggSpec{}, err
		}
		return aggSpec{cols: []Column{{Name: aggName(name, call), Type: typeOr(a[0].typ, TypeDynamic)}}, newAgg: func() aggState {
			best := Null(a[0].typ)
			return &funcAgg{
				addFn: func(f *frame) {
					if v := a[0].fn(f); !v.Null {
						if c, ok := compareValues(v, best); best.Null || (ok && c*sign > 0) {
							best = v
						}
					}
				},
				resultFn: func() Value { return best },
			}
		}}, nil
	}
}

func bindAvg(b *binder, call *kql.Call, in []Column, sc *scope) (aggSpec, error) {
	a, err := aggArgs(b, call, in, sc, 1, 1)
	if err != nil {
		return aggSpec{}, err
	}
	return aggSpec{cols: []Column{{Name: aggName("avg", call), Type: TypeReal}}, newAgg: func() aggState {
		var sum float64
		var n int64
		return &funcAgg{
			addFn: func(f *frame) {
				if v := toReal(a[0].fn(f)); !v.Null {
					sum, n = sum+v.R, n+1
				}
			},
			resultFn: func() Value {
				if n == 0 {
					return Null(TypeReal)
				}
				return Real(sum / float64(n))
			},
		}
	}}, nil
}

// predicateArg returns the predicate of an …if aggregate (its second
// argument), or one that is always true.
func predicateArg(call *kql.Call, a []compiled) func(*frame) bool {
	if !strings.HasSuffix(call.Func, "if") || len(a) < 2 {
		return func(*frame) bool { return true }
	}
	p := a[1].fn
	return func(f *frame) bool { return toBool(p(f)).IsTrue() }
}

// predicateArgs returns the predicate argument of an …if aggregate.
func predicateArgs(call *kql.Call) []kql.Expr {
	if strings.HasSuffix(call.Func, "if") && len(call.Args) >= 2 {
		return call.Args[1:2]
	}
	return nil
}

// bindCollect binds make_set (distinct values) and make_list and their …_if
// forms, skipping nulls.
func bindCollect(prefix string, distinct bool) aggregateBinder {
	return func(b *binder, call *kql.Call, in []Column, sc *scope) (aggSpec, error) {
		a, err := aggArgs(b, call, in, sc, 1, 3)
		if err != nil {
			return aggSpec{}, err
		}
		if max := 1 + len(predicateArgs(call)); len(a) > max {
			return aggSpec{}, unsupported(call.Args[max], "a size limit of "+call.Func+"()")
		}
		pred := predicateArg(call, a)
		return aggSpec{cols: []Column{{Name: aggName(prefix, call), Type: TypeDynamic}}, newAgg: func() aggState {
			var list []any
			seen := map[string]bool{}
			return &funcAgg{
				addFn: func(f *frame) {
					if !pred(f) {
						return
					}
					v := a[0].fn(f)
					if v.Null || (distinct && seen[valueKey(v)]) {
						return
					}
					seen[valueKey(v)] = distinct
					list = append(list, dynamicOf(v))
				},
				resultFn: func() Value {
					if list == nil {
						return Dynamic([]any{})
					}
					return Dynamic(list)
				},
			}
		}}, nil
	}
}

// bindArgExtreme binds arg_max/arg_min(X, cols…): the row with the largest
// (smallest) X, returning X and the listed columns (* for all the others).
func bindArgExtreme(sign int) aggregateBinder {
	return func(b *binder, call *kql.Call, in []Column, sc *scope) (aggSpec, error) {
		if len(call.Args) < 1 {
			return aggSpec{}, errAt(call, CodeBadArgument, "%s() needs an expression to maximise", call.Func)
		}
		cols, exprs, err := b.rowAggColumns(call.Args, in, sc)
		if err != nil {
			return aggSpec{}, err
		}
		return aggSpec{cols: cols, multi: true, newAgg: func() aggState {
			var best []Value
			return &funcAgg{
				addFn: func(f *frame) {
					v := exprs[0].fn(f)
					if v.Null {
						return
					}
					if best != nil {
						if c, ok := compareValues(v, best[0]); !ok || c*sign <= 0 {
							return
						}
					}
					best = evalAll(exprs, f)
				},
				resultFn: func() Value { return Dynamic(nullRow(best, cols)) },
			}
		}}, nil
	}
}

// bindTakeAny binds take_any(cols…): the values of some row (the first),
// each column keeping its argument's name as Kusto.Language names them.
func bindTakeAny(b *binder, call *kql.Call, in []Column, sc *scope) (aggSpec, error) {
	cols, exprs, err := b.rowAggColumns(call.Args, in, sc)
	if err != nil {
		return aggSpec{}, err
	}
	return aggSpec{cols: cols, multi: true, newAgg: func() aggState {
		var first []Value
		return &funcAgg{
			addFn: func(f *frame) {
				if first == nil {
					first = evalAll(exprs, f)
				}
			},
			resultFn: func() Value { return Dynamic(nullRow(first, cols)) },
		}
	}}, nil
}

func evalAll(exprs []compiled, f *frame) []Value {
	out := make([]Value, len(exprs))
	for i, e := range exprs {
		out[i] = e.fn(f)
	}
	return out
}

// nullRow returns vals, or nulls of the columns' types when no row was seen.
func nullRow(vals []Value, cols []Column) []Value {
	if vals != nil {
		return vals
	}
	out := make([]Value, len(cols))
	for i, c := range cols {
		out[i] = Null(c.Type)
	}
	return out
}

// rowAggColumns binds the arguments of a row aggregate: each is a column, and
// * stands for every input column not already listed.
func (b *binder) rowAggColumns(args []kql.Expr, in []Column, sc *scope) ([]Column, []compiled, error) {
	var cols []Column
	var exprs []compiled
	for i, a := range args {
		if _, star := a.(*kql.Star); star {
			for j, c := range in {
				if indexOfColumn(cols, c.Name) < 0 {
					j := j
					cols = append(cols, c)
					exprs = append(exprs, compiled{fn: func(f *frame) Value { return f.row[j] }, typ: c.Type})
				}
			}
			continue
		}
		c, err := b.expr(a, in, sc)
		if err != nil {
			return nil, nil, err
		}
		name := resultName(a)
		if name == "" {
			name = "Column" + string(rune('1'+i))
		}
		cols = append(cols, Column{Name: name, Type: typeOr(c.typ, TypeDynamic)})
		exprs = append(exprs, c)
	}
	return cols, exprs, nil
}
