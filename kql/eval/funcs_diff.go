package eval

import (
	"strings"
	"time"

	"github.com/sigmakql/sigmakql/kql"
)

func init() {
	builtins["datetime_diff"] = &builtin{min: 3, max: 3, ret: TypeLong, fn: datetimeDiff}
	builtins["countof"] = &builtin{min: 2, max: 3, bind: bindCountOf}
}

// diffUnits give, per period of datetime_diff, the index of the period a
// datetime falls in; the difference of two indexes counts the period
// boundaries between them, which is what the examples of Microsoft Learn,
// "datetime_diff()" show (23:05:01 and 23:00:59 are 5 minutes apart).
var diffUnits = map[string]func(t time.Time, ticks int64) int64{
	"year":    func(t time.Time, _ int64) int64 { return int64(t.Year()) },
	"quarter": func(t time.Time, _ int64) int64 { return int64(t.Year())*4 + int64(t.Month()-1)/3 },
	"month":   func(t time.Time, _ int64) int64 { return int64(t.Year())*12 + int64(t.Month()) - 1 },
	"week": func(t time.Time, _ int64) int64 {
		return floorMultiple(TicksOf(truncWeek(t)), 7*ticksPerDay) / (7 * ticksPerDay)
	},
	"day":         func(_ time.Time, n int64) int64 { return floorMultiple(n, ticksPerDay) / ticksPerDay },
	"hour":        func(_ time.Time, n int64) int64 { return floorMultiple(n, ticksPerHour) / ticksPerHour },
	"minute":      func(_ time.Time, n int64) int64 { return floorMultiple(n, ticksPerMinute) / ticksPerMinute },
	"second":      func(_ time.Time, n int64) int64 { return floorMultiple(n, ticksPerSecond) / ticksPerSecond },
	"millisecond": func(_ time.Time, n int64) int64 { return floorMultiple(n, 10_000) / 10_000 },
	"microsecond": func(_ time.Time, n int64) int64 { return floorMultiple(n, 10) / 10 },
	"nanosecond":  func(_ time.Time, n int64) int64 { return n * 100 },
}

func datetimeDiff(n *kql.Call, a []Value) Value {
	period := strings.ToLower(toStringValue(a[0]))
	unit := diffUnits[period]
	if unit == nil {
		fail(n, CodeBadArgument, "datetime_diff() does not know the period %q", period)
	}
	x, y := toDatetime(a[1]), toDatetime(a[2])
	if x.Null || y.Null {
		return Null(TypeLong)
	}
	return Long(unit(TimeOf(x.N), x.N) - unit(TimeOf(y.N), y.N))
}

// bindCountOf binds countof(text, search[, kind]): "normal" occurrences may
// overlap, "regex" matches do not (Microsoft Learn, "countof()").
func bindCountOf(_ *binder, x *kql.Call, a []compiled) (compiled, error) {
	kind := "normal"
	if len(a) == 3 {
		if !a[2].konst {
			return compiled{}, unsupported(x, "countof() with a non-constant kind")
		}
		kind = toStringValue(a[2].value())
	}
	text, search := a[0].fn, a[1].fn
	switch kind {
	case "normal":
		return compiled{typ: TypeLong, fn: func(f *frame) Value {
			return Long(countOverlapping(toStringValue(text(f)), toStringValue(search(f))))
		}}, nil
	case "regex":
		re, err := constRegex(x, a[1], "%s")
		if err != nil {
			return compiled{}, err
		}
		return compiled{typ: TypeLong, fn: func(f *frame) Value {
			return Long(int64(len(re.FindAllStringIndex(toStringValue(text(f)), -1))))
		}}, nil
	}
	return compiled{}, errAt(x, CodeBadArgument, "countof() kind must be normal or regex, not %q", kind)
}

func countOverlapping(text, search string) int64 {
	if search == "" {
		return 0
	}
	var n int64
	for i := 0; ; i++ {
		j := strings.Index(text[i:], search)
		if j < 0 {
			return n
		}
		n++
		i += j
	}
}
