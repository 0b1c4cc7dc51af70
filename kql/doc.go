// Package kql is the KQL (Kusto Query Language) front end of sigmakql: a
// scanner, a parser built with participle, a syntax tree with positions, and a
// printer that writes canonical KQL. The schema checker, the read-only guard
// (kql/guard) and the evaluator (kql/eval) all work on this tree.
//
// # Entry points
//
// Parse(src) returns a *Query and a diag.List; diagnostics carry 1-based
// line:col and the codes kql-syntax, kql-too-deep and kql-too-long. Print(node)
// (or Query.String) prints canonical KQL: parse → print → parse gives the same
// print. Inspect and Walk traverse the tree in source order, like go/ast.
// QuoteString and FormatName are the one place where text becomes a KQL
// string literal or a (possibly bracketed) name.
//
// # Tree shape
//
// A Query is a list of Statements: *LetStmt, *SetStmt, *DeclareStmt,
// *AliasStmt, *CommandStmt (a management command, accepted as Kusto's parser
// does and rejected by the guard) and *ExprStmt (a tabular expression, normally
// the last statement).
//
// A *Pipeline is a Source followed by Operators. Sources are *ExprSource (a
// table or let name as *NameRef, a function *Call, database("d").T as *Member,
// a parenthesised pipeline as *TabularExpr, or a plain scalar in let values),
// *DatatableSource, *ExternalDataSource, *PrintSource, *RangeSource, and the
// operators that may start a query: *UnionOp, *EvaluateOp, *SearchOp, *FindOp.
// LetStmt.Value is a Pipeline; Pipeline.Scalar tells a bare expression apart.
// A let that defines a function or view has Func set instead.
//
// Every tabular operator has its own type (*WhereOp, *ProjectOp, *ExtendOp,
// *SummarizeOp, *JoinOp, …; see Operator). Column lists that may name their
// outputs are []*NamedExpr: Names holds the declared output names (empty when
// the column is just an expression, several for (a, b) = f(x)), X the
// expression. project-away, project-keep and project-reorder take
// *NamePattern values that may contain * wildcards. Operator parameters such
// as kind=inner or hint.strategy=shuffle are *Option. Sub-queries without an
// explicit input (mv-apply … on (…), fork, facet) are *SubPipeline.
//
// Expressions (Expr) are *NameRef (a reference to a column, let name or
// parameter — never a literal or function name), *Literal (with a LitKind, the
// text as written and its decoded Value), *DynamicLit, *Call (Func is the
// function name; Receiver is set for calls after a dot), *Binary (arithmetic,
// comparison and every string operator, "matches regex", and, or), *Unary,
// *InExpr (in, !in, in~, !in~, has_any, has_all with a list that may include a
// *TabularExpr), *Between, *Member (x.name), *Index (x[i]), *Paren, *Star,
// *NamedArg, *TypedName and *TabularExpr. Binary operators follow Kusto's
// precedence: or < and < comparisons and string operators < + - < * / %.
//
// # Positions
//
// Every node embeds Span: Pos is its first byte and EndPos the position just
// after its last token (trailing spaces and comments excluded), both 1-based
// in line and column with a 0-based byte Offset.
//
// # Design
//
// Statements, sources and operators are participle grammar structs (the
// grammar lives in their tags). Expressions are parsed by precedence climbing
// plugged into participle with ParseTypeWith, which keeps the expression
// tree free of precedence-level wrapper nodes and lets KQL keywords double as
// column names: a keyword is only special where an operator's grammar expects
// it. The scanner is hand-written because KQL's string forms, raw literals
// such as datetime(2024-01-01 10:00), and hyphenated keywords (mv-expand) are
// beyond a regular-expression lexer.
package kql
