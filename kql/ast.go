package kql

import (
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// Span is embedded in every AST node: participle fills Pos and EndPos while
// parsing (the expression parser fills them by hand). Pos is the first byte of the
// node, EndPos the position just after it; lines and columns are 1-based.
type Span struct {
	Pos    lexer.Position
	EndPos lexer.Position
}

// Start returns the position of the node's first byte.
func (s Span) Start() lexer.Position { return s.Pos }

// End returns the position just after the node.
func (s Span) End() lexer.Position { return s.EndPos }

func (s *Span) span() *Span { return s }

// Node is any node of the KQL syntax tree.
type Node interface {
	Start() lexer.Position
	End() lexer.Position
}

// Query is a whole KQL query: statements separated by semicolons, normally some
// let statements followed by one tabular expression.
type Query struct {
	Span
	Statements []Statement `parser:"( @@ ( ';' @@ )* ';'? )?"`
}

// Statement is a statement of a query: *LetStmt, *SetStmt, *DeclareStmt,
// *AliasStmt or *ExprStmt.
type Statement interface {
	Node
	statementNode()
}

// LetStmt binds a name to a scalar, a tabular expression, a function or a view:
// let Name = Value; or let Name = [view] (Params) { Body }.
type LetStmt struct {
	Span
	Name  *Name     `parser:"'let' @@ '='"`
	Func  *FuncDef  `parser:"( @@"`
	Value *Pipeline `parser:"| @@ )"`
}

// FuncDef is a user function (or a view) defined by let.
type FuncDef struct {
	Span
	View   bool      `parser:"@'view'?"`
	Params []*Param  `parser:"'(' ( @@ ( ',' @@ )* )? ')'"`
	Body   *FuncBody `parser:"'{' @@ '}'"`
}

// FuncBody is the body of a function: local statements and a final expression.
type FuncBody struct {
	Span
	Statements []Statement `parser:"';'* ( @@ ( ';'+ @@ )* ';'* )?"`
}

// Param is a function or query parameter: Name:type, Name:(columns) for a
// tabular parameter, with an optional default value.
type Param struct {
	Span
	Name    *Name         `parser:"@@ ':'"`
	Type    string        `parser:"( @Ident"`
	Columns []*ColumnDecl `parser:"| '(' ( @@ ( ',' @@ )* )? ')' )"`
	Default Expr          `parser:"( '=' @@ )?"`
}

// ColumnDecl declares a column and its type, as in datatable(Name:string) or a
// tabular parameter; Name "*" stands for any further columns.
type ColumnDecl struct {
	Span
	Name *Name  `parser:"( @@"`
	Star bool   `parser:"| @'*' )"`
	Type string `parser:"( ':' @Ident )?"`
}

// SetStmt sets a request option: set notruncation; set x = 5;
type SetStmt struct {
	Span
	Name  string `parser:"'set' @Ident ( @'.' @Ident )*"`
	Value Expr   `parser:"( '=' @@ )?"`
}

// DeclareStmt declares query parameters: declare query_parameters(x:string = "a");
type DeclareStmt struct {
	Span
	Params []*Param `parser:"'declare' 'query_parameters' '(' ( @@ ( ',' @@ )* )? ')'"`
}

// AliasStmt names a database: alias database X = cluster("c").database("d");
type AliasStmt struct {
	Span
	Name   *Name `parser:"'alias' 'database' @@ '='"`
	Target Expr  `parser:"@@"`
}

// CommandStmt is a management command such as .show tables or .drop table T.
// Parse accepts it as Kusto's parser does; the read-only guard rejects it. Name
// is the command word and Rest its remaining tokens up to the next semicolon.
type CommandStmt struct {
	Span
	Name string   `parser:"'.' @Ident"`
	Rest []string `parser:"@~';'*"`
}

// ExprStmt is a tabular expression statement, normally the query's result.
type ExprStmt struct {
	Span
	Pipe *Pipeline `parser:"@@"`
}

func (*LetStmt) statementNode()     {}
func (*SetStmt) statementNode()     {}
func (*DeclareStmt) statementNode() {}
func (*AliasStmt) statementNode()   {}
func (*ExprStmt) statementNode()    {}
func (*CommandStmt) statementNode() {}

// Name is a name written bare (SecurityEvent) or bracketed (['Count of Apps']).
// Value is the name itself, without brackets or quotes.
type Name struct {
	Span
	Value string `parser:"( @Ident | '[' ( @String | @Ident ) ']' )"`
}

// Pipeline is a source followed by piped operators: T | where … | project ….
// A let value that is a plain scalar is also a Pipeline with an *ExprSource and
// no operators; Scalar tells the two apart.
type Pipeline struct {
	Span
	Source Source     `parser:"@@"`
	Ops    []Operator `parser:"( '|' @@ )*"`
}

// Scalar returns the expression of a pipeline that is only an expression (a
// table name, a function call, a scalar), and false for anything with operators.
func (p *Pipeline) Scalar() (Expr, bool) {
	if src, ok := p.Source.(*ExprSource); ok && len(p.Ops) == 0 {
		return src.X, true
	}
	return nil, false
}

// Source starts a pipeline: *ExprSource (a table, function call, database("d").T,
// a parenthesised pipeline or a scalar), *DatatableSource, *ExternalDataSource,
// *PrintSource, *RangeSource, *UnionOp, *EvaluateOp, *SearchOp or *FindOp.
type Source interface {
	Node
	sourceNode()
}

// ExprSource is a source written as an expression: a *NameRef for a table or
// let-bound name, a *Call for a function, a *Member for database("d").T, a
// *TabularExpr for a parenthesised pipeline, or any scalar (in let values).
type ExprSource struct {
	Span
	X Expr `parser:"@@"`
}

// DatatableSource is an inline table: datatable(Col:type, …)[values].
type DatatableSource struct {
	Span
	Columns []*ColumnDecl `parser:"'datatable' '(' @@ ( ',' @@ )* ','? ')'"`
	Values  []Expr        `parser:"'[' ( @@ ( ',' @@ )* ','? )? ']'"`
}

// ExternalDataSource reads from storage: externaldata(cols)[urls] with (options).
// The read-only guard rejects it.
type ExternalDataSource struct {
	Span
	Keyword string        `parser:"@( 'externaldata' | 'external_data' )"`
	Columns []*ColumnDecl `parser:"'(' @@ ( ',' @@ )* ','? ')'"`
	URLs    []Expr        `parser:"'[' ( @@ ( ',' @@ )* ','? )? ']'"`
	With    []*NamedExpr  `parser:"( 'with' '(' ( @@ ( ',' @@ )* )? ')' )?"`
}

// PrintSource is print a = 1, b = 2: a single row of computed columns.
type PrintSource struct {
	Span
	Columns []*NamedExpr `parser:"'print' ( @@ ( ',' @@ )* )?"`
}

// RangeSource is range Name from A to B step C: a single-column table.
type RangeSource struct {
	Span
	Column *Name `parser:"'range' @@"`
	From   Expr  `parser:"'from' @@"`
	To     Expr  `parser:"'to' @@"`
	Step   Expr  `parser:"'step' @@"`
}

func (*ExprSource) sourceNode()         {}
func (*DatatableSource) sourceNode()    {}
func (*ExternalDataSource) sourceNode() {}
func (*PrintSource) sourceNode()        {}
func (*RangeSource) sourceNode()        {}
func (*UnionOp) sourceNode()            {}
func (*EvaluateOp) sourceNode()         {}
func (*SearchOp) sourceNode()           {}
func (*FindOp) sourceNode()             {}

// NamedExpr is an expression with an optional output name: Name = X, or
// (A, B) = X for functions returning several columns, or X alone.
type NamedExpr struct {
	Span
	Names []*Name `parser:"( ( @@ | '(' @@ ( ',' @@ )* ')' ) '=' )?"`
	X     Expr    `parser:"@@"`
}

// Option is an operator parameter such as kind=inner, withsource=T,
// isfuzzy=true or hint.strategy=shuffle.
type Option struct {
	Span
	Name  string `parser:"@( 'hint' '.' Ident ( '.' Ident )* | 'kind' | 'withsource' | 'isfuzzy' | 'bagexpansion' | 'with_itemindex' | 'flags' | 'decodeblocks' | 'with_match_id' | 'with_source' | 'pair_delimiter' | 'kv_delimiter' | 'quote' | 'escape' | 'greedy' | 'datascope' | 'database' | 'bin_legacy' )"`
	Value string `parser:"'=' @( Ident | String | Number | Timespan | '-' Number )"`
}
