package eval

import (
	"fmt"
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

func init() {
	builtins["format_datetime"] = &builtin{min: 2, max: 2, ret: TypeString, fn: formatDatetimeValue}
}

// formatDatetimeValue is format_datetime(dt, format) with the specifiers of
// Microsoft Learn, "format_datetime()": d dd M MM yy yyyy h hh H HH m mm s ss
// tt, f…fffffff and F…FFFFFFF; other characters are copied as they are.
func formatDatetimeValue(n *kql.Call, a []Value) Value {
	d := toDatetime(a[0])
	if d.Null {
		return String("")
	}
	t := TimeOf(d.N)
	frac := d.N % ticksPerSecond
	format := toStringValue(a[1])
	var b strings.Builder
	for i := 0; i < len(format); {
		c := format[i]
		j := i
		for j < len(format) && format[j] == c {
			j++
		}
		width := j - i
		text, ok := datetimeField(c, width, t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), frac)
		if !ok {
			b.WriteString(format[i:j])
		} else {
			b.WriteString(text)
		}
		i = j
	}
	return String(b.String())
}

// datetimeField formats one run of a specifier letter, or reports that the
// letter is not a specifier.
func datetimeField(c byte, width, year, month, day, hour, minute, second int, frac int64) (string, bool) {
	pad := func(v, w int) string { return fmt.Sprintf("%0*d", w, v) }
	switch c {
	case 'y':
		if width <= 2 {
			return pad(year%100, width), true
		}
		return pad(year, width), true
	case 'M':
		return pad(month, min(width, 2)), true
	case 'd':
		return pad(day, min(width, 2)), true
	case 'H':
		return pad(hour, min(width, 2)), true
	case 'h':
		h := hour % 12
		if h == 0 {
			h = 12
		}
		return pad(h, min(width, 2)), true
	case 'm':
		return pad(minute, min(width, 2)), true
	case 's':
		return pad(second, min(width, 2)), true
	case 't':
		if hour < 12 {
			return "AM"[:min(width, 2)], true
		}
		return "PM"[:min(width, 2)], true
	case 'f', 'F':
		digits := fmt.Sprintf("%07d", frac)[:min(width, 7)]
		if c == 'F' {
			digits = strings.TrimRight(digits, "0")
		}
		return digits, true
	}
	return "", false
}
