package eval

import (
	"encoding/base64"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sigmakql/sigmakql/kql"
)

// builtins are the scalar functions the engine evaluates; any other function
// is reported as unsupported.
var builtins = map[string]*builtin{
	"tostring":   {min: 1, max: 1, ret: TypeString, fn1: func(v Value) Value { return String(toStringValue(v)) }},
	"toint":      {min: 1, max: 1, ret: TypeInt, fn1: toInt},
	"tolong":     {min: 1, max: 1, ret: TypeLong, fn1: toLong},
	"toreal":     {min: 1, max: 1, ret: TypeReal, fn1: toReal},
	"todouble":   {min: 1, max: 1, ret: TypeReal, fn1: toReal},
	"tobool":     {min: 1, max: 1, ret: TypeBool, fn1: toBool},
	"toboolean":  {min: 1, max: 1, ret: TypeBool, fn1: toBool},
	"todatetime": {min: 1, max: 1, ret: TypeDatetime, fn1: toDatetime},
	"totimespan": {min: 1, max: 1, ret: TypeTimespan, fn1: toTimespan},
	"toguid":     {min: 1, max: 1, ret: TypeGuid, fn: func(_ *kql.Call, a []Value) Value { return convertTo(a[0], TypeGuid) }},
	"todynamic":  {min: 1, max: 1, ret: TypeDynamic, fn1: toDynamic},
	"parse_json": {min: 1, max: 1, ret: TypeDynamic, fn1: toDynamic},
	"parsejson":  {min: 1, max: 1, ret: TypeDynamic, fn1: toDynamic},

	"isempty":    {min: 1, max: 1, ret: TypeBool, fn1: func(v Value) Value { return Bool(isEmpty(v)) }},
	"isnotempty": {min: 1, max: 1, ret: TypeBool, fn1: func(v Value) Value { return Bool(!isEmpty(v)) }},
	"isnull":     {min: 1, max: 1, ret: TypeBool, fn1: func(v Value) Value { return Bool(v.Null) }},
	"isnotnull":  {min: 1, max: 1, ret: TypeBool, fn1: func(v Value) Value { return Bool(!v.Null) }},
	"not":        {min: 1, max: 1, ret: TypeBool, fn: notValue},
	"gettype":    {min: 1, max: 1, ret: TypeString, fn: func(_ *kql.Call, a []Value) Value { return String(typeOfValue(a[0])) }},

	"strlen":         {min: 1, max: 1, ret: TypeLong, fn: func(_ *kql.Call, a []Value) Value { return Long(int64(utf8.RuneCountInString(toStringValue(a[0])))) }},
	"tolower":        {min: 1, max: 1, ret: TypeString, fn: func(_ *kql.Call, a []Value) Value { return String(strings.ToLower(toStringValue(a[0]))) }},
	"toupper":        {min: 1, max: 1, ret: TypeString, fn: func(_ *kql.Call, a []Value) Value { return String(strings.ToUpper(toStringValue(a[0]))) }},
	"strcat":         {min: 1, max: 64, ret: TypeString, fn: strcatValue},
	"substring":      {min: 2, max: 3, ret: TypeString, fn: substringValue},
	"split":          {min: 2, max: 3, ret: TypeDynamic, fn: splitValue},
	"replace_string": {min: 3, max: 3, ret: TypeString, fn: replaceStringValue},
	"indexof":        {min: 2, max: 2, ret: TypeLong, fn: indexOfValue},
	"strcat_delim":   {min: 3, max: 64, ret: TypeString, fn: strcatDelimValue},

	"base64_decode_tostring": {min: 1, max: 1, ret: TypeString, fn: base64Decode},
	"base64_encode_tostring": {min: 1, max: 1, ret: TypeString, fn: func(_ *kql.Call, a []Value) Value {
		return String(base64.StdEncoding.EncodeToString([]byte(toStringValue(a[0]))))
	}},

	"array_length": {min: 1, max: 1, ret: TypeLong, fn: arrayLength},
	"bag_keys":     {min: 1, max: 1, ret: TypeDynamic, fn: bagKeys},
	"pack":         {min: 0, max: -1, ret: TypeDynamic, fn: packValue},
	"bag_pack":     {min: 0, max: -1, ret: TypeDynamic, fn: packValue},
	"pack_array":   {min: 0, max: -1, ret: TypeDynamic, fn: packArray},

	"abs":   {min: 1, max: 1, ret: typeUnknown, fn: absValue},
	"round": {min: 1, max: 2, ret: TypeReal, fn: roundValue},
}

// isEmpty is isempty(): true for null and for the empty string (Microsoft
// Learn, "isempty()": "Returns true if the argument is an empty string or is
// null"; parse_json("") is empty, parse_json("[]") is not).
func isEmpty(v Value) bool {
	if v.Null {
		return true
	}
	switch v.Type {
	case TypeString:
		return v.S == ""
	case TypeDynamic:
		s, ok := v.D.(string)
		return ok && s == ""
	}
	return false
}

func notValue(n *kql.Call, a []Value) Value {
	b := toBool(a[0])
	if b.Null {
		return b
	}
	return Bool(b.N == 0)
}

// typeOfValue is gettype(): the name of the value's type, with a dynamic
// value named by what it holds.
func typeOfValue(v Value) string {
	if v.Type != TypeDynamic {
		return v.Type.String()
	}
	switch x := v.D.(type) {
	case nil:
		return "null"
	case []any:
		return "array"
	case map[string]any:
		return "dictionary"
	case Value:
		return x.Type.String()
	}
	return unwrapDynamic(v).Type.String()
}

func strcatValue(_ *kql.Call, a []Value) Value {
	var b strings.Builder
	for _, v := range a {
		b.WriteString(toStringValue(v))
	}
	return String(b.String())
}

func strcatDelimValue(_ *kql.Call, a []Value) Value {
	parts := make([]string, len(a)-1)
	for i, v := range a[1:] {
		parts[i] = toStringValue(v)
	}
	return String(strings.Join(parts, toStringValue(a[0])))
}

// substringValue is substring(s, start[, length]) counted in characters;
// a start beyond the end gives "" and negative values are clamped, as Kusto does.
func substringValue(_ *kql.Call, a []Value) Value {
	runes := []rune(toStringValue(a[0]))
	start := toLong(a[1])
	if start.Null {
		return String("")
	}
	from := clamp(start.N, 0, int64(len(runes)))
	to := int64(len(runes))
	if len(a) == 3 {
		n := toLong(a[2])
		if n.Null {
			return String("")
		}
		to = clamp(from+max(n.N, 0), from, int64(len(runes)))
	}
	return String(string(runes[from:to]))
}

func clamp(n, lo, hi int64) int64 { return min(max(n, lo), hi) }

func splitValue(_ *kql.Call, a []Value) Value {
	parts := strings.Split(toStringValue(a[0]), toStringValue(a[1]))
	arr := make([]any, len(parts))
	for i, p := range parts {
		arr[i] = p
	}
	if len(a) == 3 {
		i := toLong(a[2])
		if i.Null || i.N < 0 || i.N >= int64(len(arr)) {
			return Dynamic([]any{})
		}
		return Dynamic([]any{arr[i.N]})
	}
	return Dynamic(arr)
}

func replaceStringValue(_ *kql.Call, a []Value) Value {
	lookup := toStringValue(a[1])
	if lookup == "" {
		return String(toStringValue(a[0]))
	}
	return String(strings.ReplaceAll(toStringValue(a[0]), lookup, toStringValue(a[2])))
}

func indexOfValue(_ *kql.Call, a []Value) Value {
	h, n := toStringValue(a[0]), toStringValue(a[1])
	i := strings.Index(h, n)
	if i < 0 {
		return Long(-1)
	}
	return Long(int64(utf8.RuneCountInString(h[:i])))
}

// base64Decode is base64_decode_tostring(): the page's example decodes
// invalid UTF-8 to null, which for a string is ""; text that is not base64
// gives "" too (Microsoft Learn, "base64_decode_tostring()").
func base64Decode(_ *kql.Call, a []Value) Value {
	b, err := base64.StdEncoding.DecodeString(toStringValue(a[0]))
	if err != nil || !utf8.Valid(b) {
		return Null(TypeString)
	}
	return String(string(b))
}

func arrayLength(_ *kql.Call, a []Value) Value {
	if arr, ok := a[0].D.([]any); ok && a[0].Type == TypeDynamic {
		return Long(int64(len(arr)))
	}
	return Null(TypeLong)
}

func bagKeys(_ *kql.Call, a []Value) Value {
	m, ok := a[0].D.(map[string]any)
	if !ok || a[0].Type != TypeDynamic {
		return Dynamic(nil)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	arr := make([]any, len(keys))
	for i, k := range keys {
		arr[i] = k
	}
	return Dynamic(arr)
}

func packValue(n *kql.Call, a []Value) Value {
	if len(a)%2 != 0 {
		fail(n, CodeBadArgument, "%s() needs key/value pairs", n.Func)
	}
	m := make(map[string]any, len(a)/2)
	for i := 0; i < len(a); i += 2 {
		m[toStringValue(a[i])] = dynamicOf(a[i+1])
	}
	return Dynamic(m)
}

func packArray(_ *kql.Call, a []Value) Value {
	arr := make([]any, len(a))
	for i, v := range a {
		arr[i] = dynamicOf(v)
	}
	return Dynamic(arr)
}

func absValue(n *kql.Call, a []Value) Value {
	v := unwrapDynamic(a[0])
	switch {
	case v.Null:
		return v
	case v.Type == TypeReal:
		return Real(math.Abs(v.R))
	case v.Type == TypeInt || v.Type == TypeLong || v.Type == TypeTimespan:
		if v.N < 0 {
			v.N = -v.N
		}
		return v
	}
	fail(n, CodeTypeMismatch, "abs() takes a number, not %s", v.Type)
	return v
}

func roundValue(_ *kql.Call, a []Value) Value {
	x := toReal(a[0])
	if x.Null {
		return x
	}
	digits := int64(0)
	if len(a) == 2 {
		if d := toLong(a[1]); !d.Null {
			digits = d.N
		}
	}
	p := math.Pow(10, float64(digits))
	return Real(math.Round(x.R*p) / p)
}
