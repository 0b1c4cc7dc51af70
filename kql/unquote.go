package kql

import (
	"strconv"
	"strings"
)

// unquote returns the contents of a string literal in any of KQL's forms:
// '…' and "…" with backslash escapes, verbatim @'…' with doubled quotes,
// obfuscated h'…', and multi-line ```…``` or ~~~…~~~.
func unquote(lit string) string {
	if len(lit) > 0 && (lit[0] == 'h' || lit[0] == 'H') {
		lit = lit[1:]
	}
	verbatim := strings.HasPrefix(lit, "@")
	lit = strings.TrimPrefix(lit, "@")
	if strings.HasPrefix(lit, "```") || strings.HasPrefix(lit, "~~~") {
		if len(lit) >= 6 {
			return lit[3 : len(lit)-3]
		}
		return ""
	}
	if len(lit) < 2 {
		return lit
	}
	q, body := lit[0], lit[1:len(lit)-1]
	if verbatim {
		return strings.ReplaceAll(body, string([]byte{q, q}), string(q))
	}
	if !strings.Contains(body, `\`) {
		return body
	}
	return unescape(body)
}

// unescape decodes the backslash escapes of a regular string literal.
func unescape(body string) string {
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := body[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case 'u':
			if i+4 < len(body) {
				if r, err := strconv.ParseUint(body[i+1:i+5], 16, 32); err == nil {
					b.WriteRune(rune(r))
					i += 4
					continue
				}
			}
			b.WriteByte(e)
		default:
			b.WriteByte(e)
		}
	}
	return b.String()
}
