package ir

import "strings"

// Expr is a parsed condition expression.
type Expr interface {
	// Position returns where the expression starts in the file.
	Position() Pos
	// String prints the expression in canonical condition syntax, with parentheses
	// only where precedence needs them.
	String() string
	isExpr()
}

// Ident refers to one search identifier.
type Ident struct {
	At   Pos
	Name string
}

// Not negates its operand.
type Not struct {
	At Pos
	X  Expr
}

// And holds when every term holds. The parser flattens chains, so no term is an And.
type And struct {
	At    Pos
	Terms []Expr
}

// Or holds when any term holds. The parser flattens chains, so no term is an Or.
type Or struct {
	At    Pos
	Terms []Expr
}

// Quantifier is the "1 of" or "all of" of a quantified expression.
type Quantifier int

const (
	OneOf Quantifier = iota // "1 of" / "any of": OR over the names
	AllOf                   // "all of": AND over the names
)

// Of is "1 of X" or "all of X", where X is "them" or a pattern with '*'. Names holds
// the search identifiers it expands to, in document order; identifiers starting with
// '_' are left out.
type Of struct {
	At      Pos
	Quant   Quantifier
	Pattern string // "them" or the pattern as written
	Names   []string
}

func (e *Ident) Position() Pos { return e.At }
func (e *Not) Position() Pos   { return e.At }
func (e *And) Position() Pos   { return e.At }
func (e *Or) Position() Pos    { return e.At }
func (e *Of) Position() Pos    { return e.At }

func (*Ident) isExpr() {}
func (*Not) isExpr()   {}
func (*And) isExpr()   {}
func (*Or) isExpr()    {}
func (*Of) isExpr()    {}

// precedence: or < and < not < primary.
func precedence(e Expr) int {
	switch e.(type) {
	case *Or:
		return 1
	case *And:
		return 2
	case *Not:
		return 3
	}
	return 4
}

func wrap(e Expr, min int) string {
	if precedence(e) < min {
		return "(" + e.String() + ")"
	}
	return e.String()
}

func (e *Ident) String() string { return e.Name }
func (e *Not) String() string   { return "not " + wrap(e.X, 3) }
func (e *And) String() string   { return join(e.Terms, " and ", 3) }
func (e *Or) String() string    { return join(e.Terms, " or ", 2) }

func (e *Of) String() string {
	q := "1 of "
	if e.Quant == AllOf {
		q = "all of "
	}
	return q + e.Pattern
}

func join(terms []Expr, sep string, min int) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = wrap(t, min)
	}
	return strings.Join(parts, sep)
}
