package kql

// Operator is a tabular operator after a pipe. Every operator is its own type so
// consumers switch on it: *WhereOp, *ProjectOp, *ProjectAwayOp, *ProjectKeepOp,
// *ProjectRenameOp, *ProjectReorderOp, *ExtendOp, *SummarizeOp, *JoinOp,
// *LookupOp, *UnionOp, *MvExpandOp, *MvApplyOp, *ParseOp, *ParseKvOp,
// *MakeSeriesOp, *TopOp, *TopNestedOp, *TopHittersOp, *SortOp, *TakeOp,
// *DistinctOp, *CountOp, *RenderOp, *EvaluateOp, *InvokeOp, *AsOp,
// *SerializeOp, *SampleOp, *SampleDistinctOp, *GetSchemaOp, *ForkOp,
// *FacetOp, *PartitionOp, *ScanOp, *SearchOp, *FindOp, *ConsumeOp, *ReduceOp.
type Operator interface {
	Node
	operatorNode()
}

// WhereOp keeps the rows for which Pred is true (where or filter).
type WhereOp struct {
	Span
	Keyword string `parser:"@( 'where' | 'filter' )"`
	Pred    Expr   `parser:"@@"`
	// LegacyEq is the right side of Kusto's old "where X = Y" form. It is only
	// set while parsing: Parse folds it into Pred as X == Y.
	LegacyEq Expr `parser:"( '=' @@ )?"`
}

// ProjectOp keeps, renames and computes exactly the listed columns.
type ProjectOp struct {
	Span
	Columns []*NamedExpr `parser:"'project' ( @@ ( ',' @@ )* )?"`
}

// NamePattern is a column name that may hold * wildcards, as in project-away Foo*.
type NamePattern struct {
	Span
	Value string `parser:"( @( ( Ident | '*' ( Ident | Number )? ) ( '*' ( Ident | Number )? )* ) | '[' @String ']' )"`
}

// ProjectAwayOp removes the columns matching the patterns.
type ProjectAwayOp struct {
	Span
	Columns []*NamePattern `parser:"'project-away' ( @@ ( ',' @@ )* )?"`
}

// ProjectKeepOp keeps only the columns matching the patterns.
type ProjectKeepOp struct {
	Span
	Columns []*NamePattern `parser:"'project-keep' ( @@ ( ',' @@ )* )?"`
}

// ProjectRenameOp renames columns: project-rename New = Old, …. Each column
// is normally Names[0] = a *NameRef; Kusto's parser also lets an item be a bare
// name or an expression, so the shape is the same as project's.
type ProjectRenameOp struct {
	Span
	Columns []*NamedExpr `parser:"'project-rename' @@ ( ',' @@ )*"`
}

// ProjectReorderOp moves the matching columns first, optionally sorted.
type ProjectReorderOp struct {
	Span
	Columns []*ReorderItem `parser:"'project-reorder' ( @@ ( ',' @@ )* )?"`
}

// ReorderItem is a column pattern of project-reorder with an optional order.
type ReorderItem struct {
	Span
	Column *NamePattern `parser:"@@"`
	Order  string       `parser:"@( 'asc' | 'desc' | 'granny-asc' | 'granny-desc' )?"`
}

// ExtendOp adds computed columns (or replaces columns of the same name).
type ExtendOp struct {
	Span
	Columns []*NamedExpr `parser:"'extend' @@ ( ',' @@ )*"`
}

// SummarizeOp groups rows By the keys and computes the Aggs per group.
type SummarizeOp struct {
	Span
	Options []*Option    `parser:"'summarize' @@*"`
	Aggs    []*NamedExpr `parser:"( @@ ( ',' @@ )* )?"`
	By      []*NamedExpr `parser:"( 'by' @@ ( ',' @@ )* )?"`
}

// JoinOp joins the pipeline with Right on the On conditions: column names,
// or $left.A == $right.B comparisons ($left and $right are *NameRef inside a
// *Member). Right is a *TabularExpr for (T | …), else a *NameRef or *Call.
type JoinOp struct {
	Span
	Options []*Option `parser:"'join' @@*"`
	Right   Expr      `parser:"@@"`
	On      []Expr    `parser:"( ( 'on' | 'where' ) @@ ( ',' @@ )* )?"`
}

// LookupOp extends the rows with the columns of a dimension table Right
// (shaped like JoinOp.Right).
type LookupOp struct {
	Span
	Options []*Option `parser:"'lookup' @@*"`
	Right   Expr      `parser:"@@"`
	On      []Expr    `parser:"'on' @@ ( ',' @@ )*"`
}

// UnionOp merges tables; in a pipeline the piped input is the first table.
// Each table is a *NameRef (whose Name may end in * for a pattern such as
// Device*), a *TabularExpr, a *Call or a *Member (database("d").T).
type UnionOp struct {
	Span
	Options []*Option `parser:"'union' @@*"`
	Tables  []Expr    `parser:"@@ ( ',' @@ )*"`
}

// MvExpandOp expands dynamic arrays or bags into one row per element.
type MvExpandOp struct {
	Span
	Keyword string        `parser:"@( 'mv-expand' | 'mvexpand' )"`
	Options []*Option     `parser:"@@*"`
	Columns []*ExpandItem `parser:"@@ ( ',' @@ )*"`
	Limit   Expr          `parser:"( 'limit' @@ )?"`
}

// ExpandItem is one expanded column of mv-expand or mv-apply, with an optional
// target type: Name = X to typeof(T).
type ExpandItem struct {
	Span
	Column *NamedExpr `parser:"@@"`
	ToType string     `parser:"( 'to' 'typeof' '(' @Ident? ')' )?"`
}

// MvApplyOp applies a sub-query to each row's expanded array.
type MvApplyOp struct {
	Span
	Keyword string        `parser:"@( 'mv-apply' | 'mvapply' )"`
	Options []*Option     `parser:"@@*"`
	Columns []*ExpandItem `parser:"@@ ( ',' @@ )*"`
	Limit   Expr          `parser:"( 'limit' @@ )?"`
	IDName  *Name         `parser:"( 'with_itemindex' '=' @@ )?"`
	Body    *SubPipeline  `parser:"'on' '(' @@ ')'"`
}

// SubPipeline is a pipeline with an implicit input, as in mv-apply … on (…),
// fork (…) or facet … with (…): it starts with an operator.
type SubPipeline struct {
	Span
	Ops []Operator `parser:"@@ ( '|' @@ )*"`
}

// ParseOp extracts columns from a string by a pattern (parse or parse-where).
type ParseOp struct {
	Span
	Keyword string       `parser:"@( 'parse' | 'parse-where' )"`
	Options []*Option    `parser:"@@*"`
	X       Expr         `parser:"@@ 'with'"`
	Pattern []*ParseItem `parser:"@@*"`
}

// ParseItem is one element of a parse pattern: a literal string, a * wildcard,
// or a column to extract with an optional type.
type ParseItem struct {
	Span
	Literal string `parser:"( @String"`
	Star    bool   `parser:"| @'*'"`
	Column  *Name  `parser:"| @@ )"`
	Type    string `parser:"( ':' @Ident )?"`
}

// ParseKvOp extracts key/value pairs into typed columns.
type ParseKvOp struct {
	Span
	X       Expr          `parser:"'parse-kv' @@"`
	Columns []*ColumnDecl `parser:"'as' '(' ( @@ ( ',' @@ )* )? ')'"`
	With    []*NamedExpr  `parser:"( 'with' '(' ( @@ ( ',' @@ )* )? ')' )?"`
}

// MakeSeriesOp builds time series of aggregates over an axis.
type MakeSeriesOp struct {
	Span
	Options []*Option    `parser:"'make-series' @@*"`
	Aggs    []*SeriesAgg `parser:"@@ ( ',' @@ )*"`
	On      Expr         `parser:"'on' @@"`
	From    Expr         `parser:"( ( 'from' @@ )?"`
	To      Expr         `parser:"  ( 'to' @@ )?"`
	Step    Expr         `parser:"  'step' @@"`
	InRange []Expr       `parser:"| 'in' 'range' '(' @@ ',' @@ ',' @@ ')' )"`
	By      []*NamedExpr `parser:"( 'by' @@ ( ',' @@ )* )?"`
}

// SeriesAgg is an aggregate of make-series with an optional default value.
type SeriesAgg struct {
	Span
	Agg     *NamedExpr `parser:"@@"`
	Default Expr       `parser:"( 'default' '=' @@ )?"`
}

// SortKey is an expression to order by, with its direction and null placement.
type SortKey struct {
	Span
	X     Expr   `parser:"@@"`
	Order string `parser:"@( 'asc' | 'desc' )?"`
	Nulls string `parser:"( 'nulls' @( 'first' | 'last' ) )?"`
}

// TopOp keeps the first Count rows by the sort keys.
type TopOp struct {
	Span
	Options []*Option  `parser:"'top' @@*"`
	Count   Expr       `parser:"@@"`
	By      []*SortKey `parser:"'by' @@ ( ',' @@ )*"`
}

// TopNestedOp is top-nested: hierarchical top results.
type TopNestedOp struct {
	Span
	Levels []*TopNestedLevel `parser:"'top-nested' @@ ( ',' 'top-nested' @@ )*"`
}

// TopNestedLevel is one level of top-nested: [N] of Col [with others = V] by Agg [asc|desc].
type TopNestedLevel struct {
	Span
	Count  Expr       `parser:"@@?"`
	Of     *NamedExpr `parser:"'of' @@"`
	Others Expr       `parser:"( 'with' 'others' '=' @@ )?"`
	By     *NamedExpr `parser:"'by' @@"`
	Order  string     `parser:"@( 'asc' | 'desc' )?"`
}

// TopHittersOp approximates the most frequent values: top-hitters N of X [by Y].
type TopHittersOp struct {
	Span
	Count Expr `parser:"'top-hitters' @@"`
	Of    Expr `parser:"'of' @@"`
	By    Expr `parser:"( 'by' @@ )?"`
}

// SortOp orders the rows (sort by or order by).
type SortOp struct {
	Span
	Keyword string     `parser:"@( 'sort' | 'order' )"`
	Options []*Option  `parser:"@@*"`
	By      []*SortKey `parser:"'by' @@ ( ',' @@ )*"`
}

// TakeOp returns up to Count rows (take or limit).
type TakeOp struct {
	Span
	Keyword string    `parser:"@( 'take' | 'limit' )"`
	Options []*Option `parser:"@@*"`
	Count   Expr      `parser:"@@"`
}

// DistinctOp returns the distinct combinations of the columns (or of all, with *).
type DistinctOp struct {
	Span
	Options []*Option    `parser:"'distinct' @@*"`
	All     bool         `parser:"( @'*'"`
	Columns []*NamedExpr `parser:"| @@ ( ',' @@ )* )"`
}

// CountOp returns the number of rows as a column named Count.
type CountOp struct {
	Span
	Keyword string `parser:"@'count'"`
	As      *Name  `parser:"( 'as' @@ )?"`
}

// RenderOp asks the client to draw a chart; it does not change the rows.
type RenderOp struct {
	Span
	Chart string       `parser:"'render' @Ident"`
	With  []*NamedExpr `parser:"( 'with' '(' ( @@ ( ',' @@ )* )? ')' )?"`
	// Legacy holds the properties of the old syntax: render barchart title='x' by y.
	Legacy []*RenderProp `parser:"@@*"`
}

// RenderProp is a property of render's old syntax: Name = X, or by columns.
type RenderProp struct {
	Span
	By   []Expr `parser:"( 'by' @@ ( ',' @@ )*"`
	Name *Name  `parser:"| ','? @@ '='"`
	X    Expr   `parser:"  @@ )"`
}

// EvaluateOp invokes a plugin: evaluate bag_unpack(x). The read-only guard
// rejects plugins that run code or reach outside the workspace.
type EvaluateOp struct {
	Span
	Options []*Option     `parser:"'evaluate' @@*"`
	Plugin  Expr          `parser:"@@"` // always a *Call
	Schema  []*ColumnDecl `parser:"( ':' '(' @@ ( ',' @@ )* ')' )?"`
}

// InvokeOp calls a tabular function with the pipeline as its first argument.
type InvokeOp struct {
	Span
	Func Expr `parser:"'invoke' @@"`
}

// AsOp names the pipeline's result for later reference.
type AsOp struct {
	Span
	Options []*Option `parser:"'as' @@*"`
	Name    *Name     `parser:"@@"`
}

// SerializeOp marks the rows as ordered, optionally adding columns.
type SerializeOp struct {
	Span
	Columns []*NamedExpr `parser:"'serialize' ( @@ ( ',' @@ )* )?"`
}

// SampleOp returns Count random rows.
type SampleOp struct {
	Span
	Count Expr `parser:"'sample' @@"`
}

// SampleDistinctOp returns up to Count distinct values of Of.
type SampleDistinctOp struct {
	Span
	Count Expr `parser:"'sample-distinct' @@"`
	Of    Expr `parser:"'of' @@"`
}

// GetSchemaOp returns the input's schema as rows.
type GetSchemaOp struct {
	Span
	Keyword string `parser:"@'getschema'"`
}

// ForkOp runs several sub-pipelines over the same input.
type ForkOp struct {
	Span
	Branches []*ForkBranch `parser:"'fork' @@+"`
}

// ForkBranch is one branch of fork, optionally named.
type ForkBranch struct {
	Span
	Name *Name        `parser:"( @@ '=' )?"`
	Body *SubPipeline `parser:"'(' @@ ')'"`
}

// FacetOp returns a table of value counts per listed column.
type FacetOp struct {
	Span
	Columns []*Name      `parser:"'facet' 'by' @@ ( ',' @@ )*"`
	With    *SubPipeline `parser:"( 'with' '(' @@ ')' )?"`
}

// PartitionOp runs a sub-query per value of a column.
type PartitionOp struct {
	Span
	Options []*Option    `parser:"'partition' @@*"`
	By      *Name        `parser:"'by' @@"`
	Body    *SubPipeline `parser:"( '(' @@ ')'"`
	Scoped  *Pipeline    `parser:"| '{' @@ '}' )"`
}

// ScanOp is the scan operator: a state machine over ordered rows.
type ScanOp struct {
	Span
	Options []*Option   `parser:"'scan' @@*"`
	Declare []*Param    `parser:"( 'declare' '(' @@ ( ',' @@ )* ')' )?"`
	Steps   []*ScanStep `parser:"'with' '(' @@+ ')'"`
}

// ScanStep is one step of scan: step Name [optional] [output=none|last|all]:
// Pred => assignments;
type ScanStep struct {
	Span
	Name     *Name        `parser:"'step' @@"`
	Optional bool         `parser:"@'optional'?"`
	Output   string       `parser:"( 'output' '=' @Ident )?"`
	Pred     Expr         `parser:"':' @@"`
	Assign   []*NamedExpr `parser:"( '=>' @@ ( ',' @@ )* )? ';'"`
}

// SearchOp looks for a term or predicate across tables and columns.
type SearchOp struct {
	Span
	Options []*Option `parser:"'search' @@*"`
	Tables  []Expr    `parser:"( 'in' '(' @@ ( ',' @@ )* ')' )?"`
	Pred    Expr      `parser:"@@"`
}

// FindOp finds rows matching a predicate across tables.
type FindOp struct {
	Span
	Options []*Option    `parser:"'find' @@*"`
	Tables  []Expr       `parser:"( 'in' '(' @@ ( ',' @@ )* ')' )?"`
	Pred    Expr         `parser:"'where' @@"`
	Project []*NamedExpr `parser:"( ( 'project' | 'project-smart' ) ( @@ ( ',' @@ )* )? )?"`
}

// ReduceOp groups similar strings: reduce by X with threshold=0.1, characters=" ".
type ReduceOp struct {
	Span
	Options []*Option    `parser:"'reduce' @@*"`
	By      Expr         `parser:"'by' @@"`
	With    []*NamedExpr `parser:"( 'with' @@ ( ',' @@ )* )?"`
}

// ConsumeOp reads the input without returning it.
type ConsumeOp struct {
	Span
	Options []*Option `parser:"'consume' @@*"`
}

func (*WhereOp) operatorNode()          {}
func (*ProjectOp) operatorNode()        {}
func (*ProjectAwayOp) operatorNode()    {}
func (*ProjectKeepOp) operatorNode()    {}
func (*ProjectRenameOp) operatorNode()  {}
func (*ProjectReorderOp) operatorNode() {}
func (*ExtendOp) operatorNode()         {}
func (*SummarizeOp) operatorNode()      {}
func (*JoinOp) operatorNode()           {}
func (*LookupOp) operatorNode()         {}
func (*UnionOp) operatorNode()          {}
func (*MvExpandOp) operatorNode()       {}
func (*MvApplyOp) operatorNode()        {}
func (*ParseOp) operatorNode()          {}
func (*ParseKvOp) operatorNode()        {}
func (*MakeSeriesOp) operatorNode()     {}
func (*TopOp) operatorNode()            {}
func (*TopNestedOp) operatorNode()      {}
func (*TopHittersOp) operatorNode()     {}
func (*SortOp) operatorNode()           {}
func (*TakeOp) operatorNode()           {}
func (*DistinctOp) operatorNode()       {}
func (*CountOp) operatorNode()          {}
func (*RenderOp) operatorNode()         {}
func (*EvaluateOp) operatorNode()       {}
func (*InvokeOp) operatorNode()         {}
func (*AsOp) operatorNode()             {}
func (*SerializeOp) operatorNode()      {}
func (*SampleOp) operatorNode()         {}
func (*SampleDistinctOp) operatorNode() {}
func (*GetSchemaOp) operatorNode()      {}
func (*ForkOp) operatorNode()           {}
func (*FacetOp) operatorNode()          {}
func (*PartitionOp) operatorNode()      {}
func (*ScanOp) operatorNode()           {}
func (*SearchOp) operatorNode()         {}
func (*FindOp) operatorNode()           {}
func (*ConsumeOp) operatorNode()        {}
func (*ReduceOp) operatorNode()         {}
