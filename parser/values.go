package parser

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// valueMode is how a field's modifier chain makes its values be read.
type valueMode int

const (
	modePlain    valueMode = iota // keep the YAML type: string, number, bool or null
	modeString                    // text: numbers are read as their written text
	modeRegex                     // re: a regular expression
	modeCIDR                      // cidr: a network
	modeExists                    // exists: a boolean
	modeFieldRef                  // fieldref: another field's name
	modeNumber                    // gt, gte, lt, lte or a timestamp part: a number
)

func modeOf(m *ir.FieldMatch) valueMode {
	switch {
	case m.Has(ir.ModRe):
		return modeRegex
	case m.Has(ir.ModCIDR):
		return modeCIDR
	case m.Has(ir.ModExists):
		return modeExists
	case m.Has(ir.ModFieldRef):
		return modeFieldRef
	}
	if _, ok := firstOf(m, append(numericCompare, timestampParts...)); ok {
		return modeNumber
	}
	if _, ok := firstOf(m, stringModifiers); ok {
		return modeString
	}
	return modePlain
}

// typedValues reads the values of m as its modifier chain says. Values that do not
// fit are reported and left out.
func (p *docParser) typedValues(m *ir.FieldMatch, nodes []*yaml.Node) []ir.Value {
	mode := modeOf(m)
	out := make([]ir.Value, 0, len(nodes))
	for _, n := range nodes {
		if v := p.typedValue(m, mode, n); v != nil {
			out = append(out, v)
		}
	}
	return out
}

func (p *docParser) typedValue(m *ir.FieldMatch, mode valueMode, n *yaml.Node) ir.Value {
	switch mode {
	case modeExists:
		return p.existsValue(n)
	case modeNumber:
		return p.numberValue(n)
	}
	tag := n.ShortTag()
	if mode == modePlain {
		return p.plainTyped(n, tag)
	}
	if tag == "!!null" || tag == "!!bool" {
		p.diags.Errorf(p.pos(n), CodeModifierValueType, "the modifiers of this field need a string, not %s", kindName(n))
		return nil
	}
	switch mode {
	case modeRegex:
		return p.regexValue(m, n)
	case modeCIDR:
		return p.cidrValue(n)
	case modeFieldRef:
		return p.fieldRefValue(n)
	}
	return p.stringValue(m, n)
}

// plainTyped keeps the YAML type of a value that no modifier reinterprets.
func (p *docParser) plainTyped(n *yaml.Node, tag string) ir.Value {
	switch tag {
	case "!!null":
		return &ir.Null{At: p.pos(n)}
	case "!!bool":
		var b bool
		_ = n.Decode(&b)
		return &ir.Bool{At: p.pos(n), Value: b}
	case "!!int", "!!float":
		if num, ok := parseNumber(p.pos(n), n.Value); ok {
			return num
		}
	}
	return splitString(p.pos(n), n, false)
}

func (p *docParser) stringValue(m *ir.FieldMatch, n *yaml.Node) ir.Value {
	s := splitString(p.pos(n), n, m.Has(ir.ModExpand))
	if s.HasWildcards() {
		if mod, ok := firstOf(m, []ir.ModifierKind{ir.ModBase64, ir.ModBase64Offset}); ok {
			p.diags.Errorf(p.pos(n), CodeBase64Wildcard, "value %s has wildcards, which modifier %q cannot encode", s, mod.Name)
		}
	}
	return s
}

func (p *docParser) existsValue(n *yaml.Node) ir.Value {
	if n.ShortTag() != "!!bool" {
		p.diags.Errorf(p.pos(n), CodeExistsNotBool, "modifier exists needs true or false, not %s", describe(n))
		return nil
	}
	var b bool
	_ = n.Decode(&b)
	return &ir.Bool{At: p.pos(n), Value: b}
}

// numberValue reads the value of a numeric comparison or timestamp part; a quoted
// number is accepted as the number it spells.
func (p *docParser) numberValue(n *yaml.Node) ir.Value {
	tag := n.ShortTag()
	if tag == "!!int" || tag == "!!float" || tag == "!!str" {
		if num, ok := parseNumber(p.pos(n), strings.TrimSpace(n.Value)); ok {
			return num
		}
	}
	p.diags.Errorf(p.pos(n), CodeCompareNotNumber, "a numeric modifier needs a number, not %s", describe(n))
	return nil
}

// parseNumber reads a YAML number as yaml.v3 resolves it, keeping the text.
func parseNumber(at ir.Pos, text string) (*ir.Number, bool) {
	clean := strings.ReplaceAll(text, "_", "")
	if i, err := strconv.ParseInt(clean, 0, 64); err == nil {
		return &ir.Number{At: at, Text: text, IsInt: true, Int: i}, true
	}
	switch strings.ToLower(strings.TrimLeft(clean, "+-")) {
	case ".inf", ".nan", "inf", "nan", "infinity":
		return nil, false
	}
	if f, err := strconv.ParseFloat(clean, 64); err == nil {
		return &ir.Number{At: at, Text: text, Float: f}, true
	}
	return nil, false
}

func (p *docParser) regexValue(m *ir.FieldMatch, n *yaml.Node) ir.Value {
	r := &ir.Regex{
		At:         p.pos(n),
		Pattern:    n.Value,
		IgnoreCase: m.Has(ir.ModReIgnoreCase),
		Multiline:  m.Has(ir.ModReMultiline),
		DotAll:     m.Has(ir.ModReDotAll),
	}
	if _, err := regexp.Compile(r.Pattern); err != nil {
		p.diags.Errorf(p.pos(n), CodeInvalidRegex, "regular expression does not compile with RE2: %v", err)
		return nil
	}
	if m.Has(ir.ModExpand) && splitString(r.At, n, true).HasPlaceholders() {
		p.diags.Errorf(p.pos(n), CodeRegexPlaceholder, "placeholders inside a regular expression are not supported; use expand without re")
		return nil
	}
	return r
}

// cidrValue reads a network; a bare address is a network of one.
func (p *docParser) cidrValue(n *yaml.Node) ir.Value {
	text := strings.TrimSpace(n.Value)
	prefix, err := netip.ParsePrefix(text)
	if err != nil {
		addr, aerr := netip.ParseAddr(text)
		if aerr != nil || addr.Zone() != "" {
			p.diags.Errorf(p.pos(n), CodeInvalidCIDR, "%q is not an IPv4 or IPv6 network in CIDR form", n.Value)
			return nil
		}
		prefix = netip.PrefixFrom(addr, addr.BitLen())
	}
	return &ir.CIDR{At: p.pos(n), Prefix: prefix.Masked(), Text: n.Value}
}

func (p *docParser) fieldRefValue(n *yaml.Node) ir.Value {
	name := strings.TrimSpace(n.Value)
	if name == "" {
		p.diags.Errorf(p.pos(n), CodeInvalidFieldRef, "modifier fieldref needs a field name")
		return nil
	}
	if splitString(p.pos(n), n, false).HasWildcards() {
		p.diags.Errorf(p.pos(n), CodeInvalidFieldRef, "field reference %q must not contain wildcards", n.Value)
		return nil
	}
	return &ir.FieldRef{At: p.pos(n), Field: name}
}

// splitString splits a Sigma string into literal text, '*' and '?' wildcards and,
// when expand is set, %name% placeholders. A backslash escapes '*', '?' and itself;
// before anything else, or at the end, it is a literal backslash.
func splitString(at ir.Pos, n *yaml.Node, expand bool) *ir.String {
	raw := n.Value
	s := &ir.String{At: at, Raw: raw, Quoted: n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0}
	var lit strings.Builder
	flush := func() {
		s.Append(ir.Part{Kind: ir.Literal, Text: lit.String()})
		lit.Reset()
	}
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == '\\' && i+1 < len(raw) && strings.IndexByte(`*?\`, raw[i+1]) >= 0:
			lit.WriteByte(raw[i+1])
			i++
		case c == '*' || c == '?':
			flush()
			s.Append(ir.Part{Kind: wildcardKind(c)})
		case c == '%' && expand:
			if name, ok := placeholderAt(raw[i:]); ok {
				flush()
				s.Append(ir.Part{Kind: ir.Placeholder, Text: name})
				i += len(name) + 1
				continue
			}
			lit.WriteByte(c)
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return s
}

func wildcardKind(c byte) ir.PartKind {
	if c == '*' {
		return ir.AnyChars
	}
	return ir.OneChar
}

// placeholderAt reads "%name%" at the start of s; names are letters, digits, '_',
// '-' and '.'.
func placeholderAt(s string) (string, bool) {
	end := strings.IndexByte(s[1:], '%')
	if end <= 0 {
		return "", false
	}
	name := s[1 : end+1]
	for _, r := range name {
		if !(r == '_' || r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "", false
		}
	}
	return name, true
}
