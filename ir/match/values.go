package match

import (
	"net/netip"
	"regexp"
	"strings"
	"time"

	"github.com/sigmakql/sigmakql/ir"
)

// fieldValue is what one field of one event holds, gathered once per field match
// and shared by the tests of all its values.
type fieldValue struct {
	ev      *Prepared
	present bool        // the field exists (possibly with a null value)
	cands   []candidate // its scalar values: one, or one per list element
	opts    *Options
}

// valueTest decides whether a field's value matches one rule value.
type valueTest interface {
	test(f *fieldValue) bool
}

// anyCandidate reports whether pred holds for some candidate.
func (f *fieldValue) anyCandidate(pred func(c *candidate) bool) bool {
	for i := range f.cands {
		if pred(&f.cands[i]) {
			return true
		}
	}
	return false
}

// globTest matches text against the patterns a string value expanded into, folding
// case unless the cased modifier is present (Sigma modifiers appendix: "Default Sigma
// behavior is case-insensitive matching").
type globTest struct {
	globs []*globMatcher
	cased bool
}

func (g *globTest) test(f *fieldValue) bool {
	return f.anyCandidate(g.matchCandidate)
}

func (g *globTest) matchCandidate(c *candidate) bool {
	if !c.hasText {
		return false
	}
	text := c.text
	if !g.cased {
		text = c.foldedText()
	}
	for _, m := range g.globs {
		if m.match(text) {
			return true
		}
	}
	return false
}

// numberTest is equality with a number. Sigma compares values as text, so 4688
// matches both the number 4688 and the string "4688"; a number also matches its
// spelling as written in the rule (e.g. 0x10, case-insensitively) and, when the event
// value is itself a JSON number, any numerically equal one (1.0 and 1).
type numberTest struct {
	spellings []string // folded
	value     number
}

func newNumberTest(n *ir.Number) *numberTest {
	t := &numberTest{value: ruleNumber(n)}
	canonical, _ := textOf(n.Float)
	if n.IsInt {
		canonical, _ = textOf(n.Int)
	}
	t.spellings = []string{fold(canonical)}
	if n.Text != "" && n.Text != canonical {
		t.spellings = append(t.spellings, fold(n.Text))
	}
	return t
}

func ruleNumber(n *ir.Number) number {
	if n.IsInt {
		return number{isInt: true, i: n.Int, f: float64(n.Int)}
	}
	return number{f: n.Float}
}

func (t *numberTest) test(f *fieldValue) bool {
	return f.anyCandidate(func(c *candidate) bool {
		if !c.hasText {
			return false
		}
		for _, s := range t.spellings {
			if c.foldedText() == s {
				return true
			}
		}
		if !isJSONNumber(c.raw) {
			return false
		}
		n, ok := parseNumber(c.text)
		return ok && n.compare(t.value) == 0
	})
}

// boolTest matches a boolean, or its text "true"/"false" in any case.
type boolTest struct{ want bool }

func (t *boolTest) test(f *fieldValue) bool {
	want := "FALSE" // fold("false")
	if t.want {
		want = "TRUE"
	}
	return f.anyCandidate(func(c *candidate) bool {
		return c.hasText && c.foldedText() == want
	})
}

// nullTest matches a field that is absent or null (as pySigma's matcher does:
// data.get(field) is None); with Options.EmptyIsNull the empty string too.
type nullTest struct{}

func (nullTest) test(f *fieldValue) bool {
	if !f.present || len(f.cands) == 0 {
		return true
	}
	return f.anyCandidate(func(c *candidate) bool {
		return c.raw == nil || (f.opts.EmptyIsNull && c.hasText && c.text == "")
	})
}

// emptyTest is the empty string value under Options.EmptyIsNull, where absent and
// null fields count as empty too.
type emptyTest struct{ glob *globTest }

func (t *emptyTest) test(f *fieldValue) bool {
	return nullTest{}.test(f) || t.glob.test(f)
}

// existsTest is the exists modifier: only the presence of the field counts, "not its
// value, be it empty or null" (Sigma modifiers appendix).
type existsTest struct{ want bool }

func (t *existsTest) test(f *fieldValue) bool { return f.present == t.want }

// regexTest is the re modifier: an unanchored search, as pySigma's re.search, with
// Go's RE2 syntax.
type regexTest struct{ re *regexp.Regexp }

func (t *regexTest) test(f *fieldValue) bool {
	return f.anyCandidate(func(c *candidate) bool { return c.hasText && t.re.MatchString(c.text) })
}

// cidrTest is the cidr modifier: the value parses as an IP address inside the
// network. IPv4-mapped IPv6 addresses are not IPv4 addresses (as in Python's
// ipaddress module).
type cidrTest struct{ prefix netip.Prefix }

func (t *cidrTest) test(f *fieldValue) bool {
	return f.anyCandidate(func(c *candidate) bool {
		if !c.hasText {
			return false
		}
		addr, err := netip.ParseAddr(c.text)
		return err == nil && t.prefix.Contains(addr)
	})
}

// compareTest is gt, gte, lt or lte: the value read as a decimal number (a JSON
// number or a numeric string) compared with the rule's number. A timestamp-part
// modifier first extracts that part.
type compareTest struct {
	op    ir.ModifierKind // ModGT…ModLTE, or ModInvalid for equality
	value number
	part  ir.ModifierKind // a timestamp part, or ModInvalid
}

func (t *compareTest) test(f *fieldValue) bool {
	return f.anyCandidate(func(c *candidate) bool {
		n, ok := t.operand(c)
		if !ok {
			return false
		}
		cmp := n.compare(t.value)
		switch t.op {
		case ir.ModGT:
			return cmp > 0
		case ir.ModGTE:
			return cmp >= 0
		case ir.ModLT:
			return cmp < 0
		case ir.ModLTE:
			return cmp <= 0
		}
		return cmp == 0
	})
}

func (t *compareTest) operand(c *candidate) (number, bool) {
	if !c.hasText {
		return number{}, false
	}
	if t.part == ir.ModInvalid {
		return parseNumber(c.text)
	}
	ts, ok := parseTimestamp(c.text)
	if !ok {
		return number{}, false
	}
	p := int64(timePart(ts, t.part))
	return number{isInt: true, i: p, f: float64(p)}, true
}

// timePart extracts a timestamp part; week is the ISO 8601 week, as Kusto's
// week_of_year.
func timePart(ts time.Time, part ir.ModifierKind) int {
	switch part {
	case ir.ModMinute:
		return ts.Minute()
	case ir.ModHour:
		return ts.Hour()
	case ir.ModDay:
		return ts.Day()
	case ir.ModWeek:
		_, w := ts.ISOWeek()
		return w
	case ir.ModMonth:
		return int(ts.Month())
	}
	return ts.Year()
}

// fieldRefTest is the fieldref modifier: the field equals (or starts with, ends
// with, contains, after those modifiers) the value of another field of the same
// event, case-insensitively unless cased.
type fieldRefTest struct {
	other      string
	start, end bool // open at the start (endswith) or the end (startswith)
	cased      bool
}

func (t *fieldRefTest) test(f *fieldValue) bool {
	others := f.ev.fieldAs(t.other, f.opts).cands
	return f.anyCandidate(func(c *candidate) bool {
		for i := range others {
			if o := &others[i]; c.hasText && o.hasText && t.related(c, o) {
				return true
			}
		}
		return false
	})
}

func (t *fieldRefTest) related(c, o *candidate) bool {
	a, b := c.text, o.text
	if !t.cased {
		a, b = c.foldedText(), o.foldedText()
	}
	switch {
	case t.start && t.end:
		return strings.Contains(a, b)
	case t.start:
		return strings.HasSuffix(a, b)
	case t.end:
		return strings.HasPrefix(a, b)
	}
	return a == b
}
