package kql

import (
	"strings"
	"unicode"
	"unicode/utf8"

	kqlang "github.com/sigmakql/sigmakql/kql"
)

// query is one printed KQL query: comment lines, a table, one where clause and an
// optional projection.
type query struct {
	header  []string
	table   string
	where   expr
	project []projection
}

// projection is one "name = value" item of a project clause; value nil projects the
// column called name.
type projection struct {
	name  string
	value expr
}

// printQuery renders q readably: one top-level and/or term per line, nested chains
// indented inside parentheses.
func printQuery(q query, sizeHint int) string {
	var p printer
	p.b.Grow(sizeHint)
	p.header(q.header)
	p.body(q, 0)
	return p.b.String()
}

// printCorrelation renders a correlation: comment lines, its rules' matches
// (a union of parenthesised branches when there are several) and the lines
// after them. With a name, the matches are bound once by a let statement
// (materialized, since the lines read them more than once) and the lines
// follow the statement.
func printCorrelation(header []string, name string, branches []query, tail []string) string {
	var p printer
	p.header(header)
	if name == "" {
		p.matches(branches, 0)
	} else {
		p.write("let " + name + " = materialize(")
		p.newline(1)
		p.matches(branches, 1)
		p.write(");")
	}
	for _, line := range tail {
		p.write("\n" + line)
	}
	return p.b.String()
}

// matches prints the rules' branches: the one query, or a union of them.
func (p *printer) matches(branches []query, indent int) {
	if len(branches) == 1 {
		p.body(branches[0], indent)
		return
	}
	p.write("union")
	for i, q := range branches {
		if i > 0 {
			p.write(",")
		}
		p.newline(indent + 1)
		p.write("(")
		p.body(q, indent+1)
		p.write(")")
	}
}

func (p *printer) header(lines []string) {
	for _, line := range lines {
		p.write("// " + line + "\n")
	}
}

// body prints a table, its where clause and its projection, with the pipes at
// the given indentation.
func (p *printer) body(q query, indent int) {
	p.write(quoteName(q.table))
	before, after := splitWhere(q.where)
	p.where(before, indent)
	bags := bagsIn(after)
	p.bagPrelude(bags, indent)
	p.where(after, indent)
	p.bagEpilogue(bags, indent)
	if len(q.project) > 0 {
		p.newline(indent)
		p.write("| project ")
		for i, pr := range q.project {
			if i > 0 {
				p.write(", ")
			}
			p.write(quoteName(pr.name))
			if pr.value != nil {
				p.write(" = ")
				p.scalar(pr.value)
			}
		}
	}
}

func (p *printer) where(e expr, indent int) {
	if e == nil {
		return
	}
	p.newline(indent)
	p.write("| where ")
	p.boolean(e, indent+1)
}

// printExpr renders one expression on a single line (used for map keys and tests).
func printExpr(e expr) string {
	var p printer
	p.scalar(e)
	return p.b.String()
}

// printer is the one place that turns the output tree into text: it owns quoting of
// strings and names and the layout of boolean chains.
type printer struct {
	b     strings.Builder
	depth int // indentation of the chain being printed, for chains nested in calls
}

func (p *printer) write(s string) { p.b.WriteString(s) }

func (p *printer) newline(depth int) {
	p.write("\n")
	p.write(strings.Repeat("    ", depth))
}

// boolean prints e; and/or chains put each term on its own line at depth.
func (p *printer) boolean(e expr, depth int) {
	p.depth = depth
	switch e := e.(type) {
	case andExpr:
		p.chain(e.terms, "and", depth)
	case orExpr:
		p.chain(e.terms, "or", depth)
	case notExpr:
		p.write("not(")
		p.boolean(e.x, depth)
		p.write(")")
	default:
		p.scalar(e)
	}
}

// maxChainRun is the most terms printed in one flat chain. Kusto.Language nests
// "a or b or c" to the left and refuses chains of several hundred terms ("syntax
// depth exceeds maximum safe limit"), so longer chains are printed as
// parenthesised runs of this many terms: same meaning, shallow syntax.
const maxChainRun = 64

func (p *printer) chain(terms []expr, op string, depth int) {
	if len(terms) > maxChainRun {
		runs := make([]expr, 0, (len(terms)+maxChainRun-1)/maxChainRun)
		for i := 0; i < len(terms); i += maxChainRun {
			run := terms[i:min(i+maxChainRun, len(terms))]
			if op == "and" {
				runs = append(runs, andExpr{terms: run})
			} else {
				runs = append(runs, orExpr{terms: run})
			}
		}
		terms = runs
	}
	for i, t := range terms {
		if i > 0 {
			p.newline(depth)
			p.write(op + " ")
		}
		switch t.(type) {
		case andExpr, orExpr:
			p.write("(")
			p.boolean(t, depth+1)
			p.write(")")
		default:
			p.boolean(t, depth+1)
		}
	}
}

// scalar prints e on one line.
func (p *printer) scalar(e expr) {
	switch e := e.(type) {
	case columnExpr:
		p.column(e)
	case stringLit:
		p.write(quoteString(string(e)))
	case numberLit:
		p.write(string(e))
	case boolLit:
		if e {
			p.write("true")
		} else {
			p.write("false")
		}
	case rowExpr:
		p.write("*")
	case bagValuesExpr:
		p.write(bagValuesName(e.bag))
	case callExpr:
		p.write(e.fn + "(")
		p.list(e.args)
		p.write(")")
	case binaryExpr:
		p.scalar(e.left)
		p.write(" " + e.op + " ")
		p.scalar(e.right)
	case inExpr:
		p.scalar(e.left)
		p.write(" " + e.op + " (")
		p.list(e.items)
		p.write(")")
	case inQueryExpr:
		p.scalar(e.left)
		p.write(" " + e.op + " (" + e.query + ")")
	case andExpr, orExpr, notExpr:
		depth := p.depth
		p.write("(")
		p.boolean(e, depth)
		p.write(")")
		p.depth = depth
	}
}

func (p *printer) list(items []expr) {
	for i, it := range items {
		if i > 0 {
			p.write(", ")
		}
		p.scalar(it)
	}
}

func (p *printer) column(c columnExpr) {
	p.write(quoteName(c.name))
	for _, m := range c.path {
		if isPlainName(m) {
			p.write("." + m)
		} else {
			p.write("[" + quoteString(m) + "]")
		}
	}
}

// quoteName prints a table, column or alias name, bracketing it when it is not a
// plain identifier or could be a KQL keyword.
func quoteName(name string) string {
	if isPlainName(name) {
		return name
	}
	return "[" + quoteString(name) + "]"
}

// isPlainName reports whether name can be written bare. KQL keywords are all lower
// case, so an identifier with an upper-case letter can never be one; names without
// one are bracketed rather than checked against a keyword list that grows with KQL.
func isPlainName(name string) bool {
	if name == "" {
		return false
	}
	upper := false
	for i, r := range name {
		switch {
		case r == '_', r >= 'a' && r <= 'z':
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return upper
}

// quoteString writes s as a KQL string literal that means exactly s. Text with a
// backslash and no quote or line break is written verbatim (@'C:\Windows\'), which
// reads like the Sigma rule; everything else is double-quoted by kql.QuoteString,
// the printer's quoting. It differs from kql.QuoteString only in that verbatim
// form: callers reject control characters other than tab, newline and carriage
// return, and invalid UTF-8, first (literalProblem), since a Sigma value holding
// them more likely comes from a wrong modifier than from intent, so
// kql.QuoteString's \u escapes never apply here.
func quoteString(s string) string {
	if strings.ContainsRune(s, '\\') && !strings.ContainsAny(s, "'\t\n\r") {
		return "@'" + s + "'"
	}
	return kqlang.QuoteString(s)
}

// literalProblem says why s cannot be written as a KQL string literal, or "".
// Kusto stores text as UTF-8 and documents no escape for control characters other
// than tab, newline and carriage return.
func literalProblem(s string) string {
	if !utf8.ValidString(s) {
		return "it is not valid UTF-8 text (an encoding modifier without base64?)"
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return "it contains a control character KQL string literals cannot express"
		}
	}
	return ""
}
