package kql

import "github.com/alecthomas/participle/v2/lexer"

// Expr is a scalar expression. The kinds are *NameRef (a column, let name or
// parameter), *Literal, *DynamicLit, *Call, *Binary, *Unary, *InExpr, *Between,
// *Member, *Index, *Paren, *Star, *NamedArg, *TypedName and *TabularExpr (a
// pipeline used where a value is expected, as in toscalar(T | count) or
// x in (T | project y)).
type Expr interface {
	Node
	exprNode()
}

// NameRef refers to something by name: a column, a let-bound name, a function
// parameter, or a table when it starts a pipeline. Written bare or bracketed.
type NameRef struct {
	Span
	Name string
}

// LitKind says which type a literal has.
type LitKind int

// Literal kinds; the typed-null form long(null) has its type's kind and Null set.
const (
	LitString   LitKind = iota // 'a', "a", @'a', h'a', ```a```
	LitLong                    // 42, 0x2A, long(42)
	LitInt                     // int(42)
	LitReal                    // 1.5, 1e3, real(1.5)
	LitDecimal                 // decimal(1.5)
	LitBool                    // true, false, bool(true)
	LitTimespan                // 5m, 1.5d, timespan(1.02:03:04)
	LitDatetime                // datetime(2024-01-01)
	LitGuid                    // guid(…)
	LitNull                    // a bare null (only inside dynamic values)
)

var litKindNames = [...]string{"string", "long", "int", "real", "decimal", "bool", "timespan", "datetime", "guid", "null"}

// String returns the Kusto type name of the kind.
func (k LitKind) String() string {
	if int(k) < len(litKindNames) {
		return litKindNames[k]
	}
	return "unknown"
}

// Literal is a constant. Text is the literal exactly as written; Value is its
// meaning as text: the decoded contents of a string, the digits of a number, the
// contents between the parentheses of datetime(…) or guid(…).
type Literal struct {
	Span
	Kind  LitKind
	Text  string
	Value string
	Null  bool // a typed null such as long(null) or datetime(null)
}

// DynamicLit is dynamic(…): a JSON-like value of literals, arrays and bags.
type DynamicLit struct {
	Span
	Value *DynamicValue
}

// DynamicValue is one value inside dynamic(…): exactly one of Scalar (a
// *Literal, possibly negative numbers as *Unary), Array or Bag is set, or
// none for null.
type DynamicValue struct {
	Span
	Scalar Expr
	Array  []*DynamicValue
	Bag    []*DynamicField
	IsBag  bool
}

// DynamicField is a "key": value member of a dynamic bag.
type DynamicField struct {
	Span
	Key   string
	Value *DynamicValue
}

// Call is a function call: a built-in scalar or aggregate function, a let-bound
// or stored function, or a plugin after evaluate. Receiver is set for calls
// written after a dot, as database("d") in cluster("c").database("d"); the
// call's span then starts at the receiver, and NamePos says where Func is, for
// diagnostics about the function itself.
type Call struct {
	Span
	Receiver Expr
	Func     string
	NamePos  lexer.Position
	Args     []Expr
}

// Binary is X Op Y for arithmetic (+ - * / %), comparisons, string operators
// (==, =~, has, !contains_cs, matches regex, like, …), and, or.
type Binary struct {
	Span
	Op   string
	X, Y Expr
}

// Unary is a prefix sign: -X or +X. (not is a function: not(X).)
type Unary struct {
	Span
	Op string
	X  Expr
}

// InExpr is X Op (List) where Op is in, !in, in~, !in~, has_any or has_all.
// List items may be scalars, dynamic arrays, let names or a *TabularExpr.
type InExpr struct {
	Span
	Op   string
	X    Expr
	List []Expr
}

// Between is X between (Lo .. Hi), or !between.
type Between struct {
	Span
	Not       bool
	X, Lo, Hi Expr
}

// Member is X.Name: a property of a dynamic value, or a table of a database.
type Member struct {
	Span
	X    Expr
	Name string
}

// Index is X[Index]: an element of a dynamic array or bag.
type Index struct {
	Span
	X     Expr
	Index Expr
}

// Paren is a parenthesised expression, kept so printing preserves grouping.
type Paren struct {
	Span
	X Expr
}

// Star is * as a function argument (count(*) is not valid KQL, but typeof(*),
// pack_all-like forms and hash(*) are) or in operators.
type Star struct {
	Span
}

// NamedArg is Name = X inside a call's argument list (plugin parameters).
type NamedArg struct {
	Span
	Name string
	X    Expr
}

// TypedName is Name:type inside a call's argument list, as in typeof(a:string),
// or a bare type with an empty Name, as in typeof(string).
type TypedName struct {
	Span
	Name string
	Type string
}

// TabularExpr is a pipeline used as an expression: a parenthesised pipeline,
// an argument of toscalar/materialize, or a list of in.
type TabularExpr struct {
	Span
	Pipe *Pipeline
}

func (*NameRef) exprNode()     {}
func (*Literal) exprNode()     {}
func (*DynamicLit) exprNode()  {}
func (*Call) exprNode()        {}
func (*Binary) exprNode()      {}
func (*Unary) exprNode()       {}
func (*InExpr) exprNode()      {}
func (*Between) exprNode()     {}
func (*Member) exprNode()      {}
func (*Index) exprNode()       {}
func (*Paren) exprNode()       {}
func (*Star) exprNode()        {}
func (*NamedArg) exprNode()    {}
func (*TypedName) exprNode()   {}
func (*TabularExpr) exprNode() {}
