package match

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sigmakql/sigmakql/ir"
)

// maxAlternatives bounds how many patterns one value may expand into (placeholder
// values times windash variants before an encoder), so a hostile rule cannot make
// compilation explode.
const maxAlternatives = 4096

// windashChars are the characters a windash position may take (Sigma modifiers
// appendix: '-', '/', en dash, em dash, horizontal bar).
const windashChars = "-/\u2013\u2014\u2015"

// stringPatterns turns a string value into the patterns it stands for after its
// modifier chain, applied in the order written (Sigma specification, "Value
// Modifiers": "The value modifiers are applied in the given order to the value").
func stringPatterns(v *ir.String, mods []ir.Modifier, opts *Options) ([]pattern, error) {
	alts, err := resolvePlaceholders(v, opts)
	if err != nil {
		return nil, err
	}
	afterUTF16 := false
	for _, m := range mods {
		switch m.Kind {
		case ir.ModContains:
			alts = mapEach(alts, func(p pattern) pattern { return wrapAny(p, true, true) })
		case ir.ModStartsWith:
			alts = mapEach(alts, func(p pattern) pattern { return wrapAny(p, false, true) })
		case ir.ModEndsWith:
			alts = mapEach(alts, func(p pattern) pattern { return wrapAny(p, true, false) })
		case ir.ModWindash:
			alts = mapEach(alts, windash)
		case ir.ModWide, ir.ModUTF16BE, ir.ModUTF16:
			alts, err = encodeAll(alts, m.Kind)
			afterUTF16 = afterUTF16 || m.Kind == ir.ModUTF16
		case ir.ModBase64, ir.ModBase64Offset:
			alts, err = base64All(alts, m.Kind == ir.ModBase64Offset, afterUTF16)
		}
		if err != nil {
			return nil, fmt.Errorf("%s modifier: %w", m.Name, err)
		}
	}
	return alts, nil
}

// literalPattern is a pattern matching text exactly.
func literalPattern(text string) pattern {
	if text == "" {
		return pattern{}
	}
	return pattern{{kind: tokLiteral, text: text}}
}

func mapEach(alts []pattern, f func(pattern) pattern) []pattern {
	out := make([]pattern, len(alts))
	for i, p := range alts {
		out[i] = f(p)
	}
	return out
}

// wrapAny adds '*' at the start and/or end unless one is already there, as the
// contains, startswith and endswith modifiers do.
func wrapAny(p pattern, start, end bool) pattern {
	out := make(pattern, 0, len(p)+2)
	if start && (len(p) == 0 || p[0].kind != tokAny) {
		out = append(out, token{kind: tokAny})
	}
	out = append(out, p...)
	if end && (len(out) == 0 || out[len(out)-1].kind != tokAny) {
		out = append(out, token{kind: tokAny})
	}
	return out
}

// windash replaces each '-' or '/' that starts an option by a class of every dash
// variant. Like pySigma (regular expression \B[-/]\b over each literal piece), a
// character qualifies when it is not preceded by a word character and is followed by
// one: the dash of " -k" and "/c" qualifies, the dash inside "Set-Item" does not.
func windash(p pattern) pattern {
	var out pattern
	for _, t := range p {
		if t.kind != tokLiteral {
			out = append(out, t)
			continue
		}
		out = append(out, splitWindash(t.text)...)
	}
	return out
}

func splitWindash(text string) pattern {
	var out pattern
	start := 0
	prevWord := false
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		next, _ := utf8.DecodeRuneInString(text[i+size:])
		if (r == '-' || r == '/') && !prevWord && i+size < len(text) && isWordRune(next) {
			if start < i {
				out = append(out, token{kind: tokLiteral, text: text[start:i]})
			}
			out = append(out, token{kind: tokClass, text: windashChars})
			start = i + size
		}
		prevWord = isWordRune(r)
		i += size
	}
	if start < len(text) {
		out = append(out, token{kind: tokLiteral, text: text[start:]})
	}
	return out
}

// isWordRune is Python's Unicode \w: letters, digits and numbers, and '_'.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsNumber(r)
}

// expandClasses replaces each class token by its characters, multiplying the
// alternatives, so that encoders see plain text.
func expandClasses(alts []pattern) ([]pattern, error) {
	var out []pattern
	for _, p := range alts {
		variants := []pattern{{}}
		for _, t := range p {
			choices := []token{t}
			if t.kind == tokClass {
				choices = choices[:0]
				for _, r := range t.text {
					choices = append(choices, token{kind: tokLiteral, text: string(r)})
				}
			}
			variants = crossAppend(variants, choices)
			if len(out)+len(variants) > maxAlternatives {
				return nil, fmt.Errorf("value expands into more than %d alternatives", maxAlternatives)
			}
		}
		out = append(out, variants...)
	}
	return out, nil
}

// crossAppend returns every variant extended by every choice, merging literals.
func crossAppend(variants []pattern, choices []token) []pattern {
	out := make([]pattern, 0, len(variants)*len(choices))
	for _, v := range variants {
		for _, c := range choices {
			out = append(out, appendToken(append(pattern(nil), v...), c))
		}
	}
	return out
}

func appendToken(p pattern, t token) pattern {
	if t.kind == tokLiteral {
		if t.text == "" {
			return p
		}
		if n := len(p); n > 0 && p[n-1].kind == tokLiteral {
			p[n-1].text += t.text
			return p
		}
	}
	return append(p, t)
}

// encodeAll applies a UTF-16 modifier to the literal pieces of every alternative;
// wildcards stay wildcards, as in pySigma.
func encodeAll(alts []pattern, kind ir.ModifierKind) ([]pattern, error) {
	alts, err := expandClasses(alts)
	if err != nil {
		return nil, err
	}
	return mapEach(alts, func(p pattern) pattern {
		var out pattern
		if kind == ir.ModUTF16 {
			out = append(out, token{kind: tokLiteral, text: bomText})
		}
		for _, t := range p {
			if t.kind == tokLiteral {
				t.text = encodeUTF16(t.text, kind == ir.ModUTF16BE)
			}
			out = appendToken(out, t)
		}
		return out
	}), nil
}

// base64All encodes every alternative; a wildcard cannot be encoded, so it is an
// error (as in pySigma: "Base64 encoding of strings with wildcards is not allowed").
func base64All(alts []pattern, offsets, afterUTF16 bool) ([]pattern, error) {
	alts, err := expandClasses(alts)
	if err != nil {
		return nil, err
	}
	var out []pattern
	for _, p := range alts {
		text, ok := plainText(p)
		if !ok {
			return nil, fmt.Errorf("a value with wildcards cannot be base64-encoded")
		}
		data := base64Input(text, afterUTF16)
		if offsets && len(data) == 0 {
			// Every variant would be empty and match any value.
			return nil, fmt.Errorf("base64offset of an empty value matches everything")
		}
		if !offsets {
			out = append(out, literalPattern(b64(data)))
			continue
		}
		for _, variant := range base64Offsets(data) {
			out = append(out, literalPattern(variant))
		}
	}
	return out, nil
}

func plainText(p pattern) (string, bool) {
	var b strings.Builder
	for _, t := range p {
		if t.kind != tokLiteral {
			return "", false
		}
		b.WriteString(t.text)
	}
	return b.String(), true
}
