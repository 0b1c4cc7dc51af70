package eval

import (
	"fmt"
	"strings"
)

// Type is a Kusto scalar type. Every Value carries one, so that nulls stay
// typed and comparisons can follow Kusto's rules for each pair of types.
type Type uint8

// The scalar types of Kusto that the engine represents.
const (
	TypeString   Type = iota // never null: a missing string is ""
	TypeBool                 // stored in Value.N as 0 or 1
	TypeInt                  // 32-bit integer, stored in Value.N
	TypeLong                 // 64-bit integer, stored in Value.N
	TypeReal                 // 64-bit float, stored in Value.R
	TypeDatetime             // 100ns ticks since 0001-01-01 UTC, stored in Value.N
	TypeTimespan             // 100ns ticks, stored in Value.N
	TypeGuid                 // canonical lower-case text, stored in Value.S
	TypeDynamic              // JSON-like value, stored in Value.D
	typeUnknown              // a static type the binder cannot know in advance
)

var typeNames = [...]string{"string", "bool", "int", "long", "real", "datetime", "timespan", "guid", "dynamic", "unknown"}

// String returns Kusto's name of the type.
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return fmt.Sprintf("type(%d)", int(t))
}

// ParseType maps a Kusto type name, including the aliases Kusto accepts
// (int64, double, boolean, date, time, uniqueid), to a Type.
func ParseType(name string) (Type, bool) {
	switch strings.ToLower(name) {
	case "string":
		return TypeString, true
	case "bool", "boolean":
		return TypeBool, true
	case "int", "int32":
		return TypeInt, true
	case "long", "int64":
		return TypeLong, true
	case "real", "double":
		return TypeReal, true
	case "datetime", "date":
		return TypeDatetime, true
	case "timespan", "time":
		return TypeTimespan, true
	case "guid", "uniqueid":
		return TypeGuid, true
	case "dynamic":
		return TypeDynamic, true
	}
	return 0, false
}

// Value is one typed Kusto value. The zero Value is the empty string. Null is
// set for the null of every type but string, which Kusto never makes null.
//
// A dynamic value's D holds nil (null), bool, int64, float64, string, []any,
// map[string]any, or a Value of type datetime, timespan or guid.
type Value struct {
	Type Type
	Null bool
	S    string
	N    int64
	R    float64
	D    any
}

// Null returns the null of type t ("" for strings, which are never null).
func Null(t Type) Value {
	if t == TypeString {
		return Value{}
	}
	return Value{Type: t, Null: true}
}

// String returns a string value.
func String(s string) Value { return Value{Type: TypeString, S: s} }

// Bool returns a bool value.
func Bool(b bool) Value {
	if b {
		return Value{Type: TypeBool, N: 1}
	}
	return Value{Type: TypeBool}
}

// Int returns an int value.
func Int(n int32) Value { return Value{Type: TypeInt, N: int64(n)} }

// Long returns a long value.
func Long(n int64) Value { return Value{Type: TypeLong, N: n} }

// Real returns a real value.
func Real(f float64) Value { return Value{Type: TypeReal, R: f} }

// Datetime returns a datetime value from 100ns ticks since 0001-01-01.
func Datetime(ticks int64) Value { return Value{Type: TypeDatetime, N: ticks} }

// Timespan returns a timespan value of 100ns ticks.
func Timespan(ticks int64) Value { return Value{Type: TypeTimespan, N: ticks} }

// Guid returns a guid value; the text is kept in canonical lower case.
func Guid(s string) Value { return Value{Type: TypeGuid, S: strings.ToLower(s)} }

// Dynamic returns a dynamic value holding x (see Value for the forms of x).
func Dynamic(x any) Value {
	if x == nil {
		return Value{Type: TypeDynamic, Null: true}
	}
	return Value{Type: TypeDynamic, D: x}
}

// IsTrue reports whether v is the bool true; null and every other value are
// not, which is how where treats them.
func (v Value) IsTrue() bool { return v.Type == TypeBool && !v.Null && v.N != 0 }

// isNumeric reports whether t is int, long or real.
func isNumeric(t Type) bool { return t == TypeInt || t == TypeLong || t == TypeReal }

// float returns a numeric value as float64.
func (v Value) float() float64 {
	if v.Type == TypeReal {
		return v.R
	}
	return float64(v.N)
}

// String formats the value as Kusto's tostring() would.
func (v Value) String() string { return toStringValue(v) }
