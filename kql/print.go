package kql

import (
	"strings"
)

// Print returns canonical KQL for any node: one operator per line in
// pipelines, single spaces around binary operators, and parentheses only where
// the tree or precedence needs them. Printing a parsed query and parsing the
// result gives the same tree, so printed queries are stable.
func Print(n Node) string {
	var p printer
	p.node(n)
	return p.String()
}

// String returns the query as canonical KQL.
func (q *Query) String() string { return Print(q) }

// printer writes KQL text; it owns every decision about quoting and spacing.
type printer struct {
	strings.Builder
	indent int
	flat   int // >0 inside braces, where pipelines stay on one line
}

func (p *printer) ws(parts ...string) {
	for _, s := range parts {
		p.WriteString(s)
	}
}

func (p *printer) newline() {
	p.WriteByte('\n')
	p.WriteString(strings.Repeat("    ", p.indent))
}

// node prints any node by kind.
func (p *printer) node(n Node) {
	switch n := n.(type) {
	case nil:
	case *Query:
		p.statements(n.Statements, true)
	case Statement:
		p.statement(n)
	case *Pipeline:
		p.pipeline(n, true)
	case *SubPipeline:
		p.ops(n.Ops, false)
	case Source:
		p.source(n)
	case Operator:
		p.operator(n)
	case Expr:
		p.expr(n, levelOr)
	case *Name:
		p.name(n.Value)
	case *NamedExpr:
		p.namedExpr(n)
	case *ColumnDecl:
		p.columnDecl(n)
	case *Param:
		p.param(n)
	case *Option:
		p.option(n)
	case *DynamicValue:
		p.dynamicValue(n)
	default:
		p.partNode(n)
	}
}

// statements prints statements separated by semicolons, one per line at the
// top level.
func (p *printer) statements(ss []Statement, multiline bool) {
	for i, s := range ss {
		if i > 0 {
			p.WriteString(";")
			if multiline {
				p.newline()
			} else {
				p.WriteString(" ")
			}
		}
		p.statement(s)
	}
}

func (p *printer) statement(s Statement) {
	switch s := s.(type) {
	case *LetStmt:
		p.ws("let ")
		p.name(s.Name.Value)
		p.ws(" = ")
		if s.Func != nil {
			p.funcDef(s.Func)
		} else {
			p.pipeline(s.Value, true)
		}
	case *SetStmt:
		p.ws("set ", s.Name)
		if s.Value != nil {
			p.ws(" = ")
			p.expr(s.Value, levelOr)
		}
	case *DeclareStmt:
		p.ws("declare query_parameters(")
		p.params(s.Params)
		p.ws(")")
	case *AliasStmt:
		p.ws("alias database ")
		p.name(s.Name.Value)
		p.ws(" = ")
		p.expr(s.Target, levelOr)
	case *CommandStmt:
		p.ws(".", s.Name)
		for _, t := range s.Rest {
			p.ws(" ", t)
		}
	case *ExprStmt:
		p.pipeline(s.Pipe, true)
	}
}

func (p *printer) funcDef(f *FuncDef) {
	if f.View {
		p.ws("view ")
	}
	p.ws("(")
	p.params(f.Params)
	p.ws(") { ")
	p.flat++
	p.statements(f.Body.Statements, false)
	p.flat--
	p.ws(" }")
}

func (p *printer) params(ps []*Param) {
	for i, prm := range ps {
		if i > 0 {
			p.ws(", ")
		}
		p.param(prm)
	}
}

func (p *printer) param(prm *Param) {
	p.name(prm.Name.Value)
	p.ws(":")
	if prm.Type != "" {
		p.ws(prm.Type)
	} else {
		p.ws("(")
		p.columnDecls(prm.Columns)
		p.ws(")")
	}
	if prm.Default != nil {
		p.ws(" = ")
		p.expr(prm.Default, levelOr)
	}
}

func (p *printer) columnDecls(ds []*ColumnDecl) {
	for i, d := range ds {
		if i > 0 {
			p.ws(", ")
		}
		p.columnDecl(d)
	}
}

func (p *printer) columnDecl(d *ColumnDecl) {
	if d.Star {
		p.ws("*")
	} else {
		p.name(d.Name.Value)
	}
	if d.Type != "" {
		p.ws(":", d.Type)
	}
}

// pipeline prints a source and its operators; top-level pipelines put each
// operator on its own line, nested ones stay on one line.
func (p *printer) pipeline(pl *Pipeline, multiline bool) {
	multiline = multiline && p.flat == 0
	p.source(pl.Source)
	for _, op := range pl.Ops {
		if multiline {
			p.newline()
			p.ws("| ")
		} else {
			p.ws(" | ")
		}
		p.operator(op)
	}
}

func (p *printer) ops(ops []Operator, multiline bool) {
	for i, op := range ops {
		if i > 0 {
			p.ws(" | ")
		}
		p.operator(op)
	}
}

func (p *printer) source(s Source) {
	switch s := s.(type) {
	case *ExprSource:
		p.expr(s.X, levelOr)
	case *DatatableSource:
		p.ws("datatable(")
		p.columnDecls(s.Columns)
		p.ws(") [")
		p.exprList(s.Values)
		p.ws("]")
	case *ExternalDataSource:
		p.ws(s.Keyword, "(")
		p.columnDecls(s.Columns)
		p.ws(") [")
		p.exprList(s.URLs)
		p.ws("]")
		p.withList(s.With)
	case *PrintSource:
		p.ws("print")
		p.namedList(" ", s.Columns)
	case *RangeSource:
		p.ws("range ")
		p.name(s.Column.Value)
		p.ws(" from ")
		p.expr(s.From, levelOr)
		p.ws(" to ")
		p.expr(s.To, levelOr)
		p.ws(" step ")
		p.expr(s.Step, levelOr)
	case Operator:
		p.operator(s)
	}
}

func (p *printer) withList(with []*NamedExpr) {
	if with != nil {
		p.ws(" with (")
		p.namedList("", with)
		p.ws(")")
	}
}

func (p *printer) exprList(xs []Expr) {
	for i, x := range xs {
		if i > 0 {
			p.ws(", ")
		}
		p.expr(x, levelOr)
	}
}

// namedList prints a comma-separated list of named expressions after lead.
func (p *printer) namedList(lead string, xs []*NamedExpr) {
	for i, x := range xs {
		if i == 0 {
			p.ws(lead)
		} else {
			p.ws(", ")
		}
		p.namedExpr(x)
	}
}

func (p *printer) namedExpr(x *NamedExpr) {
	switch len(x.Names) {
	case 0:
	case 1:
		p.name(x.Names[0].Value)
		p.ws(" = ")
	default:
		p.ws("(")
		for i, n := range x.Names {
			if i > 0 {
				p.ws(", ")
			}
			p.name(n.Value)
		}
		p.ws(") = ")
	}
	p.expr(x.X, levelOr)
}

func (p *printer) option(o *Option) { p.ws(o.Name, "=", o.Value) }

func (p *printer) options(os []*Option) {
	for _, o := range os {
		p.ws(" ")
		p.option(o)
	}
}

// name prints a name bare when it reads back as the same name, else bracketed.
func (p *printer) name(s string) { p.WriteString(FormatName(s)) }

// FormatName returns a name as KQL source: bare when it is a plain identifier
// that cannot be mistaken for a keyword, else as ['name'].
func FormatName(s string) string {
	if isPlainName(s) {
		return s
	}
	return "[" + QuoteString(s) + "]"
}

// reservedNames cannot be printed bare where a name is expected.
var reservedNames = map[string]bool{"by": true, "and": true, "or": true, "true": true, "false": true, "null": true}

func isPlainName(s string) bool {
	if s == "" || reservedNames[s] || !isIdentStart(s[0]) || rawLiteralWords[s] || s == "dynamic" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentChar(s[i]) {
			return false
		}
	}
	_, typed := typedLiteralWords[s]
	return !typed
}

// QuoteString returns s as a double-quoted KQL string literal, escaping
// backslashes, quotes and control characters, for the printer and the tools
// that build KQL from parsed queries. The Sigma backend's quoteString
// (backends/kql/printer.go) uses it for its double-quoted form but prefers the
// verbatim @'…' form for Windows paths, which reads like the Sigma rule, and
// refuses control characters before quoting rather than escaping them.
func QuoteString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				b.WriteString(sprintf(`\u%04x`, r))
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
