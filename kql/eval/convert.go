package eval

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// toStringValue is Kusto's tostring(): null becomes "", a dynamic string is
// the string itself, numbers take their canonical text and bags and arrays
// their JSON text.
func toStringValue(v Value) string {
	if v.Null {
		return ""
	}
	switch v.Type {
	case TypeString, TypeGuid:
		return v.S
	case TypeBool:
		return strconv.FormatBool(v.N != 0)
	case TypeInt, TypeLong:
		return strconv.FormatInt(v.N, 10)
	case TypeReal:
		return formatReal(v.R)
	case TypeDatetime:
		return formatDatetime(v.N)
	case TypeTimespan:
		return formatTimespan(v.N)
	case TypeDynamic:
		if s, ok := v.D.(string); ok {
			return s
		}
		return dynamicJSON(v.D)
	}
	return ""
}

// formatReal writes a real the way .NET's double.ToString() does, which
// Kusto's tostring() follows: the shortest text that reads back exactly, in
// positional notation unless the decimal exponent is -5 or less, or 15 or more
// (then d.dddE+XX), and NaN and ±Infinity by name.
func formatReal(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	sci := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(sci[strings.IndexByte(sci, 'e')+1:])
	if exp < -4 || exp >= 15 {
		return strings.Replace(sci, "e", "E", 1)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// dynamicJSON writes a dynamic value as JSON with bag keys in sorted order.
func dynamicJSON(x any) string {
	var b strings.Builder
	writeJSON(&b, x)
	return b.String()
}

func writeJSON(b *strings.Builder, x any) {
	switch x := x.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString(strconv.Quote(formatReal(x)))
			return
		}
		b.WriteString(formatReal(x))
	case string:
		b.WriteString(quoteJSON(x))
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		writeBag(b, x)
	case Value:
		b.WriteString(quoteJSON(toStringValue(x)))
	}
}

func writeBag(b *strings.Builder, m map[string]any) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(quoteJSON(k))
		b.WriteByte(':')
		writeJSON(b, m[k])
	}
	b.WriteByte('}')
}

// unwrapDynamic turns a dynamic scalar into the typed value it holds, so that
// comparisons and conversions see a string, long, real or bool. Arrays, bags
// and nulls stay dynamic.
func unwrapDynamic(v Value) Value {
	if v.Type != TypeDynamic || v.Null {
		return v
	}
	switch x := v.D.(type) {
	case string:
		return String(x)
	case bool:
		return Bool(x)
	case int64:
		return Long(x)
	case float64:
		return Real(x)
	case Value:
		return x
	}
	return v
}

// toLong is tolong(): numbers truncate toward zero, strings parse as integers
// (or as reals, truncated), bools give 0 or 1; anything else is null.
func toLong(v Value) Value {
	v = unwrapDynamic(v)
	if v.Null {
		return Null(TypeLong)
	}
	switch v.Type {
	case TypeInt, TypeLong, TypeBool, TypeDatetime, TypeTimespan:
		return Long(v.N)
	case TypeReal:
		if math.IsNaN(v.R) || math.IsInf(v.R, 0) {
			return Null(TypeLong)
		}
		return Long(int64(v.R))
	case TypeString:
		return parseLong(v.S)
	}
	return Null(TypeLong)
}

func parseLong(s string) Value {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return Long(n)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return Long(int64(f))
	}
	return Null(TypeLong)
}

// toInt is toint(): tolong() narrowed to 32 bits; values out of range are null.
func toInt(v Value) Value {
	l := toLong(v)
	if l.Null || l.N < math.MinInt32 || l.N > math.MaxInt32 {
		return Null(TypeInt)
	}
	return Int(int32(l.N))
}

// toReal is toreal()/todouble(): numbers widen, strings parse (including NaN
// and Infinity); anything else is null.
func toReal(v Value) Value {
	v = unwrapDynamic(v)
	if v.Null {
		return Null(TypeReal)
	}
	switch v.Type {
	case TypeInt, TypeLong, TypeBool:
		return Real(float64(v.N))
	case TypeReal:
		return v
	case TypeString:
		f, err := strconv.ParseFloat(strings.TrimSpace(v.S), 64)
		if err != nil {
			return Null(TypeReal)
		}
		return Real(f)
	}
	return Null(TypeReal)
}

// toBool is tobool(): "true"/"false" in any case and numbers (non-zero is true).
func toBool(v Value) Value {
	v = unwrapDynamic(v)
	if v.Null {
		return Null(TypeBool)
	}
	switch v.Type {
	case TypeBool:
		return v
	case TypeInt, TypeLong:
		return Bool(v.N != 0)
	case TypeReal:
		return Bool(v.R != 0)
	case TypeString:
		switch strings.ToLower(strings.TrimSpace(v.S)) {
		case "true", "1":
			return Bool(true)
		case "false", "0":
			return Bool(false)
		}
	}
	return Null(TypeBool)
}

// toDatetime is todatetime(): datetimes pass, strings parse; anything else is null.
func toDatetime(v Value) Value {
	v = unwrapDynamic(v)
	if v.Null {
		return Null(TypeDatetime)
	}
	switch v.Type {
	case TypeDatetime:
		return v
	case TypeString:
		if t, ok := parseDatetime(v.S); ok {
			return Datetime(t)
		}
	}
	return Null(TypeDatetime)
}

// toTimespan is totimespan(): timespans pass, strings parse, numbers are ticks.
func toTimespan(v Value) Value {
	v = unwrapDynamic(v)
	if v.Null {
		return Null(TypeTimespan)
	}
	switch v.Type {
	case TypeTimespan:
		return v
	case TypeInt, TypeLong:
		return Timespan(v.N)
	case TypeString:
		if t, ok := parseTimespan(v.S); ok {
			return Timespan(t)
		}
	}
	return Null(TypeTimespan)
}

// toDynamic is todynamic()/parse_json(): a string holding JSON becomes that
// value, a string that is not JSON stays a dynamic string, a dynamic passes.
func toDynamic(v Value) Value {
	switch {
	case v.Type == TypeDynamic:
		return v
	case v.Type == TypeString:
		x, err := decodeJSON([]byte(v.S))
		if err != nil {
			return Dynamic(v.S)
		}
		return Dynamic(x)
	}
	return Dynamic(dynamicOf(v))
}

// dynamicOf converts a typed value to the form a dynamic holds.
func dynamicOf(v Value) any {
	if v.Null {
		return nil
	}
	switch v.Type {
	case TypeString:
		return v.S
	case TypeBool:
		return v.N != 0
	case TypeInt, TypeLong:
		return v.N
	case TypeReal:
		return v.R
	case TypeDynamic:
		return v.D
	}
	return v
}

// convertTo converts v to type t as the to…() function of t would.
func convertTo(v Value, t Type) Value {
	switch t {
	case TypeString:
		return String(toStringValue(v))
	case TypeBool:
		return toBool(v)
	case TypeInt:
		return toInt(v)
	case TypeLong:
		return toLong(v)
	case TypeReal:
		return toReal(v)
	case TypeDatetime:
		return toDatetime(v)
	case TypeTimespan:
		return toTimespan(v)
	case TypeGuid:
		s := unwrapDynamic(v)
		if s.Type == TypeGuid || (s.Type == TypeString && isGuidText(s.S)) {
			return Guid(s.S)
		}
		return Null(TypeGuid)
	case TypeDynamic:
		return toDynamic(v)
	}
	return Null(t)
}

func isGuidText(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case !strings.ContainsRune("0123456789abcdefABCDEF", c):
			return false
		}
	}
	return true
}
