package match

import (
	"fmt"

	"github.com/sigmakql/sigmakql/ir"
)

// resolvePlaceholders converts a string value into patterns, replacing each %name%
// placeholder (present only under the expand modifier) by every value the options
// give for it; several placeholders multiply. The values are Sigma strings: '*' and
// '?' are wildcards and '\' escapes them, as in pySigma's value placeholders. A
// placeholder without values is an error: the specification says a tool that cannot
// resolve a placeholder must reject the rule.
func resolvePlaceholders(v *ir.String, opts *Options) ([]pattern, error) {
	alts := []pattern{{}}
	for _, part := range v.Parts {
		var choices []pattern
		switch part.Kind {
		case ir.Literal:
			choices = []pattern{literalPattern(part.Text)}
		case ir.AnyChars:
			choices = []pattern{{{kind: tokAny}}}
		case ir.OneChar:
			choices = []pattern{{{kind: tokOne}}}
		case ir.Placeholder:
			values, ok := opts.Placeholders[part.Text]
			if !ok || len(values) == 0 {
				return nil, &codedError{code: CodeUnresolvedPlaceholder, err: fmt.Errorf("placeholder %%%s%% has no values", part.Text)}
			}
			for _, s := range values {
				choices = append(choices, parseSigmaString(s))
			}
		}
		if len(alts)*len(choices) > maxAlternatives {
			return nil, fmt.Errorf("value expands into more than %d alternatives", maxAlternatives)
		}
		alts = crossPatterns(alts, choices)
	}
	return alts, nil
}

func crossPatterns(alts, choices []pattern) []pattern {
	out := make([]pattern, 0, len(alts)*len(choices))
	for _, a := range alts {
		for _, c := range choices {
			p := append(pattern(nil), a...)
			for _, t := range c {
				p = appendToken(p, t)
			}
			out = append(out, p)
		}
	}
	return out
}

// parseSigmaString reads Sigma string syntax (Sigma specification, "Escaping"): '*'
// and '?' are wildcards; a backslash escapes '*', '?' or another backslash and is a
// plain backslash before anything else.
func parseSigmaString(s string) pattern {
	var p pattern
	var lit []byte
	flush := func() {
		p = appendToken(p, token{kind: tokLiteral, text: string(lit)})
		lit = lit[:0]
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\'):
			lit = append(lit, s[i+1])
			i++
		case c == '*' || c == '?':
			flush()
			kind := tokAny
			if c == '?' {
				kind = tokOne
			}
			p = append(p, token{kind: kind})
		default:
			lit = append(lit, c)
		}
	}
	flush()
	return p
}
