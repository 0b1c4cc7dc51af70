package passes

import (
	"encoding/base64"
	"encoding/binary"
	"regexp"
	"unicode/utf16"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// Diagnostic codes of modifier lowering.
const (
	// CodeModifierValue: a modifier cannot transform the value it is given, e.g.
	// base64 of a value with wildcards, or a string modifier on a CIDR.
	CodeModifierValue diag.Code = "modifier-value"
	// CodeModifierExpansion: a value expands into more variants than a query can
	// reasonably hold (windash over many dashes).
	CodeModifierExpansion diag.Code = "modifier-expansion-limit"
)

// MaxVariants bounds how many alternatives one value may expand into (windash gives
// five per dash, base64offset three), and MaxMatchValues how many values one field
// match may hold after lowering, so a hostile rule cannot blow up a query.
const (
	MaxVariants    = 625
	MaxMatchValues = 20000
)

// transform rewrites one string value into its alternatives (any of them matches).
type transform func(s *ir.String) ([]*ir.String, error)

// valueTransforms are the modifiers that lowering applies to values and then drops
// from the chain. Every other modifier (all, cased, re and its flags, cidr, exists,
// comparisons, neq, fieldref, expand, timestamp parts) stays for the backend.
var valueTransforms = map[ir.ModifierKind]transform{
	ir.ModContains:     wrapWildcards(true, true),
	ir.ModStartsWith:   wrapWildcards(false, true),
	ir.ModEndsWith:     wrapWildcards(true, false),
	ir.ModBase64:       base64Plain,
	ir.ModBase64Offset: base64Offsets,
	ir.ModWide:         encodeText(utf16LE),
	ir.ModUTF16BE:      encodeText(utf16BE),
	ir.ModUTF16:        encodeText(utf16WithBOM),
	ir.ModWindash:      windashVariants,
}

// LowerModifiers returns a copy of rule in which every value-transforming modifier
// (contains, startswith, endswith, base64, base64offset, wide/utf16le, utf16be,
// utf16, windash) has been applied to the typed values and removed from its chain,
// so backends only see wildcard parts and matching modifiers. Lowering is
// idempotent: a lowered rule has nothing left to lower, so running it twice (by a
// pipeline and by a backend) lowers once: the second call finds nothing to do and
// returns its input. The input rule is never modified.
func LowerModifiers(rule *ir.Rule) (*ir.Rule, diag.List) {
	if !needsLowering(rule) {
		return rule, nil
	}
	var diags diag.List
	out := *rule
	out.Detection.Searches = make([]*ir.Search, len(rule.Detection.Searches))
	for i, s := range rule.Detection.Searches {
		out.Detection.Searches[i] = lowerSearch(s, &diags)
	}
	return &out, diags
}

// needsLowering reports whether any match of rule still has a value transform, so
// a rule that is already lowered is returned as is, without a copy.
func needsLowering(rule *ir.Rule) bool {
	for _, s := range rule.Detection.Searches {
		for _, g := range s.Alternatives {
			for _, m := range g.Matches {
				if m.Has(ir.ModFieldRef) {
					continue
				}
				for _, mod := range m.Modifiers {
					if _, ok := valueTransforms[mod.Kind]; ok {
						return true
					}
				}
			}
		}
	}
	return false
}

func lowerSearch(s *ir.Search, diags *diag.List) *ir.Search {
	out := *s
	out.Alternatives = make([]*ir.Group, len(s.Alternatives))
	for i, g := range s.Alternatives {
		ng := *g
		ng.Matches = nil
		for _, m := range g.Matches {
			lowered, ds := LowerMatch(m)
			diags.Add(ds...)
			ng.Matches = append(ng.Matches, lowered...)
		}
		out.Alternatives[i] = &ng
	}
	return &out
}

// LowerMatch lowers one field match; a fieldref match keeps its chain, since its
// value names a column rather than text to transform. It usually returns one match; with the all
// modifier and a transform that yields several variants per value (base64offset,
// windash), it returns one match per original value, each OR-ing that value's
// variants, so the group still requires every value.
func LowerMatch(m *ir.FieldMatch) ([]*ir.FieldMatch, diag.List) {
	if m.Has(ir.ModFieldRef) {
		return []*ir.FieldMatch{m}, nil // the backend compares columns with the string operator
	}
	var kept []ir.Modifier
	var applied []ir.Modifier
	for _, mod := range m.Modifiers {
		if _, ok := valueTransforms[mod.Kind]; ok {
			applied = append(applied, mod)
		} else {
			kept = append(kept, mod)
		}
	}
	if len(applied) == 0 {
		return []*ir.FieldMatch{m}, nil
	}
	var diags diag.List
	perValue := make([][]ir.Value, len(m.Values))
	total := 0
	for i, v := range m.Values {
		variants, d, ok := lowerValue(v, applied)
		if !ok {
			diags.Add(d)
			return []*ir.FieldMatch{m}, diags
		}
		perValue[i] = variants
		if total += len(variants); total > MaxMatchValues {
			diags.Errorf(m.Pos, CodeModifierExpansion, "field %q expands into more than %d values", m.Field, MaxMatchValues)
			return []*ir.FieldMatch{m}, diags
		}
	}
	return regroup(m, kept, perValue), diags
}

// regroup builds the lowered matches from each value's variants.
func regroup(m *ir.FieldMatch, kept []ir.Modifier, perValue [][]ir.Value) []*ir.FieldMatch {
	multi := false
	for _, vs := range perValue {
		multi = multi || len(vs) > 1
	}
	if !m.All() || !multi {
		out := *m
		out.Modifiers = kept
		out.Values = nil
		for _, vs := range perValue {
			out.Values = append(out.Values, vs...)
		}
		return []*ir.FieldMatch{&out}
	}
	var withoutAll []ir.Modifier
	for _, mod := range kept {
		if mod.Kind != ir.ModAll {
			withoutAll = append(withoutAll, mod)
		}
	}
	matches := make([]*ir.FieldMatch, len(perValue))
	for i, vs := range perValue {
		matches[i] = &ir.FieldMatch{Pos: m.Pos, Field: m.Field, Modifiers: withoutAll, Values: vs}
	}
	return matches
}

// lowerValue applies the transforms in chain order to one value.
func lowerValue(v ir.Value, chain []ir.Modifier) ([]ir.Value, diag.Diagnostic, bool) {
	if re, ok := v.(*ir.Regex); ok {
		return lowerRegex(re, chain)
	}
	s, ok := asString(v)
	if !ok {
		return nil, diag.Errorf(v.Position(), CodeModifierValue,
			"modifier %q cannot apply to the value %s", chain[0].Name, v.String()), false
	}
	current := []*ir.String{s}
	for _, mod := range chain {
		var next []*ir.String
		for _, c := range current {
			vs, err := valueTransforms[mod.Kind](c)
			if err != nil {
				return nil, diag.Errorf(v.Position(), CodeModifierValue,
					"modifier %q: %v", mod.Name, err), false
			}
			next = append(next, vs...)
		}
		if len(next) > MaxVariants {
			return nil, diag.Errorf(v.Position(), CodeModifierExpansion,
				"modifier %q expands %s into %d variants (limit %d)", mod.Name, v.String(), len(next), MaxVariants), false
		}
		current = next
	}
	out := make([]ir.Value, len(current))
	for i, c := range current {
		out[i] = c
	}
	return out, diag.Diagnostic{}, true
}

// lowerRegex accepts contains, startswith and endswith on a regex and leaves it
// unchanged: pySigma only pads the pattern with ".*" where it is not anchored, and
// a regex is searched anywhere in the value (KQL's matches regex), so the padding
// changes nothing. Any other transform of a regex is an error.
func lowerRegex(re *ir.Regex, chain []ir.Modifier) ([]ir.Value, diag.Diagnostic, bool) {
	for _, mod := range chain {
		switch mod.Kind {
		case ir.ModContains, ir.ModStartsWith, ir.ModEndsWith:
		default:
			return nil, diag.Errorf(re.At, CodeModifierValue, "modifier %q cannot apply to the regular expression %s", mod.Name, re.String()), false
		}
	}
	return []ir.Value{re}, diag.Diagnostic{}, true
}

// asString gives the string form a string modifier works on: strings as they are,
// numbers and booleans by their written text.
func asString(v ir.Value) (*ir.String, bool) {
	switch v := v.(type) {
	case *ir.String:
		return v, true
	case *ir.Number, *ir.Bool:
		text := v.String()
		return &ir.String{At: v.Position(), Parts: []ir.Part{{Kind: ir.Literal, Text: text}}, Raw: text}, true
	}
	return nil, false
}

// withParts returns a copy of s holding parts, normalised by ir.NewString.
func withParts(s *ir.String, parts []ir.Part) *ir.String {
	out := ir.NewString(s.At, parts...)
	out.Raw, out.Quoted = s.Raw, s.Quoted
	return out
}

// wrapWildcards returns the transform of contains (both), startswith (after) and
// endswith (before); it adds no wildcard where one already is.
func wrapWildcards(before, after bool) transform {
	return func(s *ir.String) ([]*ir.String, error) {
		parts := s.Parts
		if before && (len(parts) == 0 || parts[0].Kind != ir.AnyChars) {
			parts = append([]ir.Part{{Kind: ir.AnyChars}}, parts...)
		}
		if after && (len(parts) == 0 || parts[len(parts)-1].Kind != ir.AnyChars) {
			parts = append(append([]ir.Part(nil), parts...), ir.Part{Kind: ir.AnyChars})
		}
		return []*ir.String{withParts(s, parts)}, nil
	}
}

// plainBytes returns the literal bytes of a value that has no wildcard or
// placeholder; encodings of a pattern would not match what the pattern matches.
func plainBytes(s *ir.String) ([]byte, error) {
	text, ok := s.Text()
	if !ok {
		return nil, errNotPlain
	}
	return []byte(text), nil
}

type loweringError string

func (e loweringError) Error() string { return string(e) }

const errNotPlain = loweringError("the value must be plain text without wildcards or placeholders")

func base64Plain(s *ir.String) ([]*ir.String, error) {
	b, err := plainBytes(s)
	if err != nil {
		return nil, err
	}
	return []*ir.String{literal(s, base64.StdEncoding.EncodeToString(b))}, nil
}

// base64Offsets returns the three base64 forms of the value as it would appear at
// byte offsets 0, 1 and 2 of a longer encoded text: the characters that depend on
// the unknown neighbouring bytes are cut off, as the Sigma specification defines.
func base64Offsets(s *ir.String) ([]*ir.String, error) {
	b, err := plainBytes(s)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, loweringError("base64offset of an empty value")
	}
	starts := [3]int{0, 2, 3}
	ends := [3]int{0, 3, 2} // characters cut from the end, by (len+offset)%3
	out := make([]*ir.String, 0, 3)
	for i := 0; i < 3; i++ {
		padded := append(make([]byte, i), b...)
		for j := 0; j < i; j++ {
			padded[j] = ' '
		}
		enc := base64.StdEncoding.EncodeToString(padded)
		enc = enc[starts[i] : len(enc)-ends[(len(b)+i)%3]]
		out = append(out, literal(s, enc))
	}
	return out, nil
}

func literal(s *ir.String, text string) *ir.String {
	return withParts(s, []ir.Part{{Kind: ir.Literal, Text: text}})
}

// encodeText returns a transform that encodes each literal part; wildcards keep
// their place. A '?' is refused because it would stand for one byte, not one
// character, of the encoded text.
func encodeText(encode func(string) []byte) transform {
	return func(s *ir.String) ([]*ir.String, error) {
		parts := make([]ir.Part, len(s.Parts))
		for i, p := range s.Parts {
			switch p.Kind {
			case ir.OneChar:
				return nil, loweringError("a '?' wildcard cannot be encoded")
			case ir.Literal:
				p.Text = string(encode(p.Text))
			}
			parts[i] = p
		}
		return []*ir.String{withParts(s, parts)}, nil
	}
}

func utf16LE(text string) []byte {
	units := utf16.Encode([]rune(text))
	b := make([]byte, 0, 2*len(units))
	for _, u := range units {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

func utf16BE(text string) []byte {
	units := utf16.Encode([]rune(text))
	b := make([]byte, 0, 2*len(units))
	for _, u := range units {
		b = binary.BigEndian.AppendUint16(b, u)
	}
	return b
}

// utf16WithBOM is UTF-16 as Python's "utf-16" codec writes it on every platform
// Sigma tools run on: a little-endian byte order mark, then UTF-16LE.
func utf16WithBOM(text string) []byte {
	return append([]byte{0xFF, 0xFE}, utf16LE(text)...)
}

// windashChars are the characters a Windows command-line option prefix may be
// written with: hyphen-minus, slash, en dash, em dash and horizontal bar.
var windashChars = []string{"-", "/", "–", "—", "―"}

// windashPrefix finds option prefixes as pySigma does: a '-' or '/' that does not
// follow a word character and is followed by one.
var windashPrefix = regexp.MustCompile(`\B[-/]\b`)

// windashVariants returns every combination of option-prefix characters.
func windashVariants(s *ir.String) ([]*ir.String, error) {
	variants := [][]ir.Part{nil}
	for _, p := range s.Parts {
		var pieces [][]string // alternatives for each piece of this part
		if p.Kind == ir.Literal {
			pieces = splitWindash(p.Text)
		}
		if pieces == nil {
			for i := range variants {
				variants[i] = append(variants[i], p)
			}
			continue
		}
		for _, alts := range pieces {
			if len(variants)*len(alts) > MaxVariants {
				return nil, loweringError("windash yields too many variants")
			}
			variants = crossParts(variants, alts)
		}
	}
	out := make([]*ir.String, len(variants))
	for i, parts := range variants {
		out[i] = withParts(s, parts)
	}
	return out, nil
}

// splitWindash splits text into pieces, each with its alternatives: literal runs
// have one, option prefixes five.
func splitWindash(text string) [][]string {
	locs := windashPrefix.FindAllStringIndex(text, -1)
	pieces := make([][]string, 0, 2*len(locs)+1)
	prev := 0
	for _, loc := range locs {
		pieces = append(pieces, []string{text[prev:loc[0]]}, windashChars)
		prev = loc[1]
	}
	return append(pieces, []string{text[prev:]})
}

// crossParts appends each alternative to each variant.
func crossParts(variants [][]ir.Part, alts []string) [][]ir.Part {
	if len(alts) == 1 {
		for i := range variants {
			variants[i] = append(variants[i], ir.Part{Kind: ir.Literal, Text: alts[0]})
		}
		return variants
	}
	out := make([][]ir.Part, 0, len(variants)*len(alts))
	for _, v := range variants {
		for _, a := range alts {
			nv := append(append([]ir.Part(nil), v...), ir.Part{Kind: ir.Literal, Text: a})
			out = append(out, nv)
		}
	}
	return out
}
