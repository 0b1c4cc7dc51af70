package eval

import (
	"math"
	"strings"
	"time"

	"github.com/sigmakql/sigmakql/kql"
)

func init() {
	builtins["datetime_part"] = &builtin{min: 2, max: 2, ret: TypeInt, fn: datetimePart}
	builtins["datepart"] = builtins["datetime_part"]
	builtins["startofday"] = &builtin{min: 1, max: 1, ret: TypeDatetime, fn: startOf(truncDay)}
	builtins["startofmonth"] = &builtin{min: 1, max: 1, ret: TypeDatetime, fn: startOf(truncMonth)}
	builtins["startofyear"] = &builtin{min: 1, max: 1, ret: TypeDatetime, fn: startOf(truncYear)}
	builtins["startofweek"] = &builtin{min: 1, max: 1, ret: TypeDatetime, fn: startOf(truncWeek)}
	builtins["dayofweek"] = &builtin{min: 1, max: 1, ret: TypeTimespan, fn: dayOfWeek}
	builtins["hourofday"] = &builtin{min: 1, max: 1, ret: TypeInt, fn: partFunc("hour")}
	builtins["getyear"] = &builtin{min: 1, max: 1, ret: TypeInt, fn: partFunc("year")}
	builtins["getmonth"] = &builtin{min: 1, max: 1, ret: TypeInt, fn: partFunc("month")}
	builtins["dayofmonth"] = &builtin{min: 1, max: 1, ret: TypeInt, fn: partFunc("day")}
	builtins["bin"] = &builtin{min: 2, max: 2, ret: typeUnknown, fn: binValue}
	builtins["floor"] = builtins["bin"]
}

// datetimeParts are the parts datetime_part() knows (Microsoft Learn,
// "datetime_part()"); week_of_year is the ISO 8601 week number.
var datetimeParts = map[string]func(t time.Time, ticks int64) int64{
	"year":         func(t time.Time, _ int64) int64 { return int64(t.Year()) },
	"quarter":      func(t time.Time, _ int64) int64 { return int64(t.Month()-1)/3 + 1 },
	"month":        func(t time.Time, _ int64) int64 { return int64(t.Month()) },
	"week_of_year": func(t time.Time, _ int64) int64 { _, w := t.ISOWeek(); return int64(w) },
	"day":          func(t time.Time, _ int64) int64 { return int64(t.Day()) },
	"dayofyear":    func(t time.Time, _ int64) int64 { return int64(t.YearDay()) },
	"hour":         func(t time.Time, _ int64) int64 { return int64(t.Hour()) },
	"minute":       func(t time.Time, _ int64) int64 { return int64(t.Minute()) },
	"second":       func(t time.Time, _ int64) int64 { return int64(t.Second()) },
	"millisecond":  func(_ time.Time, n int64) int64 { return n % ticksPerSecond / 10_000 },
	"microsecond":  func(_ time.Time, n int64) int64 { return n % ticksPerSecond / 10 },
	"nanosecond":   func(_ time.Time, n int64) int64 { return n % ticksPerSecond * 100 },
	"week":         func(t time.Time, _ int64) int64 { _, w := t.ISOWeek(); return int64(w) },
	"weekofyear":   func(t time.Time, _ int64) int64 { _, w := t.ISOWeek(); return int64(w) },
	"dayofweek":    func(t time.Time, _ int64) int64 { return int64(t.Weekday()) },
	"day_of_week":  func(t time.Time, _ int64) int64 { return int64(t.Weekday()) },
	"day_of_year":  func(t time.Time, _ int64) int64 { return int64(t.YearDay()) },
}

func datetimePart(n *kql.Call, a []Value) Value {
	part := strings.ToLower(toStringValue(a[0]))
	get := datetimeParts[part]
	if get == nil {
		fail(n, CodeBadArgument, "datetime_part() does not know the part %q", part)
	}
	d := toDatetime(a[1])
	if d.Null {
		return Null(TypeInt)
	}
	return Int(int32(get(TimeOf(d.N), d.N)))
}

func partFunc(part string) func(*kql.Call, []Value) Value {
	get := datetimeParts[part]
	return func(_ *kql.Call, a []Value) Value {
		d := toDatetime(a[0])
		if d.Null {
			return Null(TypeInt)
		}
		return Int(int32(get(TimeOf(d.N), d.N)))
	}
}

func truncDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
func truncMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}
func truncYear(t time.Time) time.Time { return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC) }
func truncWeek(t time.Time) time.Time { return truncDay(t).AddDate(0, 0, -int(t.Weekday())) }

func startOf(trunc func(time.Time) time.Time) func(*kql.Call, []Value) Value {
	return func(_ *kql.Call, a []Value) Value {
		d := toDatetime(a[0])
		if d.Null {
			return d
		}
		return Datetime(TicksOf(trunc(TimeOf(d.N))))
	}
}

func dayOfWeek(_ *kql.Call, a []Value) Value {
	d := toDatetime(a[0])
	if d.Null {
		return Null(TypeTimespan)
	}
	return Timespan(int64(TimeOf(d.N).Weekday()) * ticksPerDay)
}

// binValue is bin()/floor(): rounds down to a multiple of the size, for
// numbers, timespans and datetimes (datetimes in multiples since 0001-01-01,
// as Kusto's bin does).
func binValue(n *kql.Call, a []Value) Value {
	v, size := unwrapDynamic(a[0]), unwrapDynamic(a[1])
	if v.Null || size.Null {
		return Null(v.Type)
	}
	switch {
	case v.Type == TypeReal || (isNumeric(v.Type) && size.Type == TypeReal):
		if size.float() <= 0 {
			return Null(TypeReal)
		}
		return Real(math.Floor(v.float()/size.float()) * size.float())
	case isNumeric(v.Type) && isNumeric(size.Type):
		return Value{Type: v.Type, N: floorMultiple(v.N, size.N)}
	case (v.Type == TypeDatetime || v.Type == TypeTimespan) && size.Type == TypeTimespan:
		return Value{Type: v.Type, N: floorMultiple(v.N, size.N)}
	}
	fail(n, CodeTypeMismatch, "%s() cannot round %s by %s", n.Func, v.Type, size.Type)
	return v
}

func floorMultiple(x, size int64) int64 {
	if size <= 0 {
		return x
	}
	q := x / size
	if x%size != 0 && x < 0 {
		q--
	}
	return q * size
}
