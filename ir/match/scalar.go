package match

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// candidate is one scalar value of an event field. A field holding a list yields one
// candidate per element, and a field matches a value when any candidate does.
type candidate struct {
	raw     any
	text    string
	hasText bool // false for null, objects and lists
	folded  string
	foldSet bool
}

func newCandidate(v any) candidate {
	text, ok := textOf(v)
	return candidate{raw: v, text: text, hasText: ok}
}

// foldedText returns the candidate's text under case folding, computed once.
func (c *candidate) foldedText() string {
	if !c.foldSet {
		c.folded, c.foldSet = fold(c.text), true
	}
	return c.folded
}

// textOf is the text Sigma compares a value by: strings as they are, numbers as
// written (json.Number) or in shortest decimal form, booleans as true/false. Null,
// objects and lists have no text.
func textOf(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	case bool:
		return strconv.FormatBool(t), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case float32:
		return strconv.FormatFloat(float64(t), 'f', -1, 32), true
	case int:
		return strconv.Itoa(t), true
	case int64:
		return strconv.FormatInt(t, 10), true
	case int32:
		return strconv.FormatInt(int64(t), 10), true
	case uint64:
		return strconv.FormatUint(t, 10), true
	case uint32:
		return strconv.FormatUint(uint64(t), 10), true
	}
	return "", false
}

// isJSONNumber reports whether v is a number in the event (not a numeric string).
func isJSONNumber(v any) bool {
	switch v.(type) {
	case json.Number, float64, float32, int, int64, int32, uint64, uint32:
		return true
	}
	return false
}

// number is a parsed numeric value: exact when isInt, else a float.
type number struct {
	isInt bool
	i     int64
	f     float64
}

// parseNumber reads plain decimal notation only (optional sign, digits, optional
// fraction and exponent): "0x10", "inf", "1_000" and padded text are not numbers.
func parseNumber(s string) (number, bool) {
	if !isDecimal(s) {
		return number{}, false
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return number{isInt: true, i: i, f: float64(i)}, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return number{}, false
	}
	return number{f: f}, true
}

func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && isDigit(s[i]); i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && isDigit(s[i]); i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// compare returns -1, 0 or 1; integers compare exactly, anything else as floats.
func (a number) compare(b number) int {
	if a.isInt && b.isInt {
		switch {
		case a.i < b.i:
			return -1
		case a.i > b.i:
			return 1
		}
		return 0
	}
	switch {
	case a.f < b.f:
		return -1
	case a.f > b.f:
		return 1
	}
	return 0
}

// timeLayouts are the timestamp spellings the timestamp-part modifiers accept:
// RFC 3339 with or without a zone, and the "2006-01-02 15:04:05.000" form of Sysmon's
// UtcTime. A timestamp without a zone is read as UTC; the parts are taken as written
// (the specification says these modifiers do no time zone conversion).
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

func parseTimestamp(s string) (time.Time, bool) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
