package eval

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Kusto counts datetime and timespan in 100ns ticks, as .NET does; datetimes
// start at 0001-01-01T00:00:00Z.
const (
	ticksPerSecond   = 10_000_000
	ticksPerMinute   = 60 * ticksPerSecond
	ticksPerHour     = 60 * ticksPerMinute
	ticksPerDay      = 24 * ticksPerHour
	unixEpochTicks   = 621_355_968_000_000_000
	maxDatetimeTicks = 3_155_378_975_999_999_999 // 9999-12-31T23:59:59.9999999
)

// TicksOf converts a time to Kusto datetime ticks.
func TicksOf(t time.Time) int64 {
	return unixEpochTicks + t.Unix()*ticksPerSecond + int64(t.Nanosecond()/100)
}

// TimeOf converts Kusto datetime ticks to a UTC time.
func TimeOf(ticks int64) time.Time {
	rel := ticks - unixEpochTicks
	sec, rem := rel/ticksPerSecond, rel%ticksPerSecond
	if rem < 0 {
		sec, rem = sec-1, rem+ticksPerSecond
	}
	return time.Unix(sec, rem*100).UTC()
}

// datetimeLayouts are the forms todatetime() and datetime(…) accept: ISO 8601
// with or without the time, zone and fraction, and RFC 822/1123.
var datetimeLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05.999999999",
	"2006/01/02",
	time.RFC1123,
	time.RFC1123Z,
	time.RFC822,
	time.RFC822Z,
	"Mon, 2 Jan 2006 15:04:05 MST",
}

// parseDatetime parses datetime text as Kusto does; ok is false when no form fits.
func parseDatetime(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range datetimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return TicksOf(t.UTC()), true
		}
	}
	return 0, false
}

// formatDatetime writes a datetime as tostring() does: ISO 8601 in UTC with up
// to seven fractional digits.
func formatDatetime(ticks int64) string {
	return TimeOf(ticks).Format("2006-01-02T15:04:05.9999999Z")
}

// timespanUnits maps the unit suffixes of timespan literals to ticks.
var timespanUnits = map[string]float64{
	"d": ticksPerDay, "day": ticksPerDay, "days": ticksPerDay,
	"h": ticksPerHour, "hr": ticksPerHour, "hrs": ticksPerHour, "hour": ticksPerHour, "hours": ticksPerHour,
	"m": ticksPerMinute, "min": ticksPerMinute, "minute": ticksPerMinute, "minutes": ticksPerMinute,
	"s": ticksPerSecond, "sec": ticksPerSecond, "second": ticksPerSecond, "seconds": ticksPerSecond,
	"ms": ticksPerSecond / 1000, "milli": ticksPerSecond / 1000, "millis": ticksPerSecond / 1000,
	"millisecond": ticksPerSecond / 1000, "milliseconds": ticksPerSecond / 1000,
	"microsecond": 10, "microseconds": 10, "tick": 1, "ticks": 1,
}

// parseTimespan parses a timespan literal: a number with a unit (5m, 1.5d,
// 100ms) or the clock form [-][d.]hh:mm[:ss[.fffffff]].
func parseTimespan(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ":") {
		return parseClockTimespan(s)
	}
	i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' && r != '-' && r != '+' })
	if i <= 0 {
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			return int64(math.Round(n * ticksPerDay)), true // a bare number is days
		}
		return 0, false
	}
	n, err := strconv.ParseFloat(s[:i], 64)
	unit, ok := timespanUnits[strings.ToLower(s[i:])]
	if err != nil || !ok {
		return 0, false
	}
	return int64(math.Round(n * unit)), true
}

func parseClockTimespan(s string) (int64, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var days int64
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	if d, h, ok := strings.Cut(parts[0], "."); ok {
		n, err := strconv.ParseInt(d, 10, 64)
		if err != nil {
			return 0, false
		}
		days, parts[0] = n, h
	}
	h, err1 := strconv.ParseInt(parts[0], 10, 64)
	m, err2 := strconv.ParseInt(parts[1], 10, 64)
	var sec float64
	var err3 error
	if len(parts) == 3 {
		sec, err3 = strconv.ParseFloat(parts[2], 64)
	}
	if err1 != nil || err2 != nil || err3 != nil {
		return 0, false
	}
	t := days*ticksPerDay + h*ticksPerHour + m*ticksPerMinute + int64(math.Round(sec*ticksPerSecond))
	if neg {
		t = -t
	}
	return t, true
}

// formatTimespan writes a timespan as tostring() does: [-][d.]hh:mm:ss[.fffffff].
func formatTimespan(t int64) string {
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	days, rem := t/ticksPerDay, t%ticksPerDay
	out := sign
	if days > 0 {
		out += strconv.FormatInt(days, 10) + "."
	}
	out += fmt.Sprintf("%02d:%02d:%02d", rem/ticksPerHour, rem%ticksPerHour/ticksPerMinute, rem%ticksPerMinute/ticksPerSecond)
	if frac := rem % ticksPerSecond; frac != 0 {
		out += fmt.Sprintf(".%07d", frac)
	}
	return out
}
