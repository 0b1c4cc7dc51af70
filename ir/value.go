package ir

import (
	"net/netip"
	"strconv"
	"strings"
)

// Value is one typed detection value.
type Value interface {
	// Position returns where the value was written.
	Position() Pos
	// String prints the value back in canonical Sigma form.
	String() string
	isValue()
}

// PartKind says what one piece of a String is.
type PartKind int

const (
	Literal     PartKind = iota // text matched exactly (up to case)
	AnyChars                    // '*': any run of characters, possibly empty
	OneChar                     // '?': exactly one character
	Placeholder                 // %name% under the expand modifier: values from the pipeline
)

// Part is one piece of a String value.
type Part struct {
	Kind PartKind
	Text string // the literal text, or the placeholder name
}

// String is a string value split into literal text, wildcards and placeholders. The
// Sigma escapes are resolved: a literal '*' is a Literal part containing '*'. Two
// Literal parts are never adjacent.
type String struct {
	At    Pos
	Parts []Part
	// Raw is the scalar as YAML decoded it, before wildcard and escape handling;
	// lints use it (e.g. a number written as a string).
	Raw string
	// Quoted reports whether the YAML scalar was quoted.
	Quoted bool
}

// Number is a numeric value (YAML int or float).
type Number struct {
	At    Pos
	Text  string // as written
	IsInt bool
	Int   int64
	Float float64
}

// Bool is a YAML boolean value (also the argument of exists).
type Bool struct {
	At    Pos
	Value bool
}

// Null is the YAML null: the field is absent or empty.
type Null struct {
	At Pos
}

// Regex is a regular expression value (the re modifier). Flags come from the i, m
// and s modifiers.
type Regex struct {
	At         Pos
	Pattern    string
	IgnoreCase bool
	Multiline  bool
	DotAll     bool
}

// CIDR is a network value (the cidr modifier).
type CIDR struct {
	At     Pos
	Prefix netip.Prefix // masked
	Text   string       // as written
}

// FieldRef names another field of the same event (the fieldref modifier).
type FieldRef struct {
	At    Pos
	Field string
}

func (v *String) Position() Pos   { return v.At }
func (v *Number) Position() Pos   { return v.At }
func (v *Bool) Position() Pos     { return v.At }
func (v *Null) Position() Pos     { return v.At }
func (v *Regex) Position() Pos    { return v.At }
func (v *CIDR) Position() Pos     { return v.At }
func (v *FieldRef) Position() Pos { return v.At }

func (*String) isValue()   {}
func (*Number) isValue()   {}
func (*Bool) isValue()     {}
func (*Null) isValue()     {}
func (*Regex) isValue()    {}
func (*CIDR) isValue()     {}
func (*FieldRef) isValue() {}

// IsPlain reports whether the string is one literal with no wildcard or placeholder
// (the empty string is plain).
func (v *String) IsPlain() bool {
	return len(v.Parts) == 0 || (len(v.Parts) == 1 && v.Parts[0].Kind == Literal)
}

// Text returns the literal text of a plain string, and ok=false otherwise.
func (v *String) Text() (text string, ok bool) {
	if len(v.Parts) == 0 {
		return "", true
	}
	if v.IsPlain() {
		return v.Parts[0].Text, true
	}
	return "", false
}

// HasWildcards reports whether the string contains '*' or '?' wildcards.
func (v *String) HasWildcards() bool {
	for _, p := range v.Parts {
		if p.Kind == AnyChars || p.Kind == OneChar {
			return true
		}
	}
	return false
}

// HasPlaceholders reports whether the string contains %name% placeholders.
func (v *String) HasPlaceholders() bool {
	for _, p := range v.Parts {
		if p.Kind == Placeholder {
			return true
		}
	}
	return false
}

// NewString builds a String from parts, merging adjacent literals and dropping empty
// ones so the no-adjacent-literals invariant holds.
func NewString(at Pos, parts ...Part) *String {
	s := &String{At: at}
	for _, p := range parts {
		s.Append(p)
	}
	return s
}

// Append adds a part, merging it into a preceding literal.
func (v *String) Append(p Part) {
	if p.Kind == Literal {
		if p.Text == "" {
			return
		}
		if n := len(v.Parts); n > 0 && v.Parts[n-1].Kind == Literal {
			v.Parts[n-1].Text += p.Text
			return
		}
	}
	v.Parts = append(v.Parts, p)
}

// String prints the value in Sigma syntax, escaping '*', '?' and '\' inside literals
// where Sigma would otherwise read them as wildcards or escapes.
func (v *String) String() string {
	var b strings.Builder
	for _, p := range v.Parts {
		switch p.Kind {
		case Literal:
			b.WriteString(EscapeLiteral(p.Text))
		case AnyChars:
			b.WriteByte('*')
		case OneChar:
			b.WriteByte('?')
		case Placeholder:
			b.WriteString("%" + p.Text + "%")
		}
	}
	return strconv.Quote(b.String())
}

// EscapeLiteral escapes text so that Sigma reads it back as the same literal: '*'
// and '?' get a backslash, and so does a backslash that precedes a wildcard, another
// backslash, or the end of the text.
func EscapeLiteral(text string) string {
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '*', '?':
			b.WriteByte('\\')
		case '\\':
			if i+1 == len(text) || strings.IndexByte(`*?\`, text[i+1]) >= 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func (v *Number) String() string {
	if v.Text != "" {
		return v.Text
	}
	if v.IsInt {
		return strconv.FormatInt(v.Int, 10)
	}
	return strconv.FormatFloat(v.Float, 'g', -1, 64)
}

func (v *Bool) String() string     { return strconv.FormatBool(v.Value) }
func (v *Null) String() string     { return "null" }
func (v *CIDR) String() string     { return v.Prefix.String() }
func (v *FieldRef) String() string { return v.Field }

func (v *Regex) String() string {
	flags := ""
	if v.IgnoreCase {
		flags += "i"
	}
	if v.Multiline {
		flags += "m"
	}
	if v.DotAll {
		flags += "s"
	}
	if flags != "" {
		return "/" + v.Pattern + "/" + flags
	}
	return "/" + v.Pattern + "/"
}
