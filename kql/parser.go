package kql

import (
	"errors"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/sigmakql/sigmakql/diag"
)

// Diagnostic codes reported by Parse.
const (
	CodeSyntax  diag.Code = "kql-syntax"   // the text is not valid KQL
	CodeTooDeep diag.Code = "kql-too-deep" // brackets nest deeper than MaxDepth
	CodeTooLong diag.Code = "kql-too-long" // the query is longer than MaxQueryBytes
)

// Limits on input that Parse accepts; they keep hostile input from exhausting
// the stack or the CPU. Hand-written queries stay far below them; the length
// limit leaves room for the largest converted SigmaHQ rule (a driver-hash list of
// about 450 KB), which parses in tens of milliseconds, so every query the backend
// emits can be checked and evaluated locally.
const (
	MaxQueryBytes = 1 << 20 // bytes of query text
	MaxDepth      = 256     // nesting of (), [] and {}
)

var parserOptions = []participle.Option{
	participle.Lexer(scanDef{}),
	participle.UseLookahead(8),
	participle.ParseTypeWith(parseExprFrom),
	participle.Union[Statement](&LetStmt{}, &SetStmt{}, &DeclareStmt{}, &AliasStmt{}, &CommandStmt{}, &ExprStmt{}),
	participle.Union[Source](&DatatableSource{}, &ExternalDataSource{}, &PrintSource{}, &RangeSource{},
		&UnionOp{}, &EvaluateOp{}, &SearchOp{}, &FindOp{}, &ExprSource{}),
	participle.Union[Operator](&WhereOp{}, &ExtendOp{}, &SummarizeOp{}, &ProjectOp{}, &JoinOp{},
		&ProjectAwayOp{}, &ProjectKeepOp{}, &ProjectRenameOp{}, &ProjectReorderOp{}, &MvExpandOp{},
		&MvApplyOp{}, &DistinctOp{}, &SortOp{}, &ParseOp{}, &ParseKvOp{}, &TopOp{}, &TopNestedOp{},
		&TopHittersOp{}, &RenderOp{}, &InvokeOp{}, &EvaluateOp{}, &LookupOp{}, &TakeOp{}, &UnionOp{},
		&AsOp{}, &MakeSeriesOp{}, &SerializeOp{}, &CountOp{}, &SampleOp{}, &SampleDistinctOp{},
		&GetSchemaOp{}, &ForkOp{}, &FacetOp{}, &PartitionOp{}, &ScanOp{}, &SearchOp{}, &FindOp{},
		&ConsumeOp{}, &ReduceOp{}),
}

var (
	queryParser    = participle.MustBuild[Query](parserOptions...)
	pipelineParser *participle.Parser[Pipeline]
	tailParser     *participle.Parser[opsTail]
)

func init() {
	// Built in init because the expression hook refers back to them.
	pipelineParser = participle.MustBuild[Pipeline](parserOptions...)
	tailParser = participle.MustBuild[opsTail](parserOptions...)
}

// Parse parses a KQL query. Diagnostics carry 1-based line:col positions and
// the codes kql-syntax, kql-too-deep or kql-too-long; the file name is left
// empty for the caller to fill (diag.List.WithFile). On error the Query is nil.
func Parse(src string) (*Query, diag.List) {
	var diags diag.List
	if len(src) > MaxQueryBytes {
		diags.Errorf(diag.Pos{Line: 1, Col: 1}, CodeTooLong, "query is %d bytes, longer than the limit of %d", len(src), MaxQueryBytes)
		return nil, diags
	}
	lex, _ := scanDef{}.LexString("", src)
	peek, err := lexer.Upgrade(lex)
	if err != nil {
		diags.Add(syntaxDiag(err))
		return nil, diags
	}
	tokens := allTokens(peek)
	if tok, ok := tooDeep(tokens); ok {
		diags.Errorf(diagPos(tok.Pos), CodeTooDeep, "brackets nest deeper than the limit of %d", MaxDepth)
		return nil, diags
	}
	q, err := parseTokens(peek)
	if err != nil {
		diags.Add(syntaxDiag(err))
		return nil, diags
	}
	if diags = check(q, tokens); diags.HasErrors() {
		return nil, diags
	}
	return q, diags
}

// allTokens returns the scanned tokens (EOF last) without copying them; the
// depth check and span trimming read them.
func allTokens(peek *lexer.PeekingLexer) []lexer.Token {
	cp := peek.MakeCheckpoint()
	defer peek.LoadCheckpoint(cp)
	n := 1
	for !peek.Peek().EOF() {
		peek.Next()
		n++
	}
	return peek.Range(0, lexer.RawCursor(n))
}

// parseTokens runs the participle grammar, turning a panic from a grammar bug
// into an error rather than crashing the caller.
func parseTokens(peek *lexer.PeekingLexer) (q *Query, err error) {
	defer func() {
		if r := recover(); r != nil {
			q, err = nil, participle.Errorf(lexer.Position{Line: 1, Column: 1}, "internal parser error: %v", r)
		}
	}()
	return queryParser.ParseFromLexer(peek)
}

// tooDeep scans bracket nesting cheaply before parsing, since the recursive
// parser's stack use grows with depth.
func tooDeep(tokens []lexer.Token) (lexer.Token, bool) {
	depth := 0
	for _, tok := range tokens {
		if tok.Type != tokOp {
			continue
		}
		switch tok.Value {
		case "(", "[", "{":
			if depth++; depth > MaxDepth {
				return tok, true
			}
		case ")", "]", "}":
			depth--
		}
	}
	return lexer.Token{}, false
}

func diagPos(p lexer.Position) diag.Pos { return diag.Pos{Line: p.Line, Col: p.Column} }

// syntaxDiag converts a lexer or participle error into a diagnostic.
func syntaxDiag(err error) diag.Diagnostic {
	var perr participle.Error
	if errors.As(err, &perr) {
		msg, suggestions := friendlyMessage(perr.Message())
		if perr.Position().Column == 1 && !strings.Contains(msg, "(expected") {
			msg += " (is a ';' missing before this statement?)"
		}
		d := diag.Errorf(diagPos(perr.Position()), CodeSyntax, "%s", msg)
		d.Suggestions = suggestions
		return d
	}
	var lerr *lexer.Error
	if errors.As(err, &lerr) {
		return diag.Errorf(diagPos(lerr.Pos), CodeSyntax, "%s", lerr.Msg)
	}
	return diag.Errorf(diag.Pos{Line: 1, Col: 1}, CodeSyntax, "%v", err)
}

// ParseExpr parses a single scalar expression, such as a predicate a pipeline
// supplies for a placeholder. It applies the same limits and codes as Parse.
func ParseExpr(src string) (Expr, diag.List) {
	q, diags := Parse("print " + src)
	shift := func(l diag.List) diag.List {
		for i := range l {
			if l[i].Line == 1 && l[i].Col > len("print ") {
				l[i].Col -= len("print ")
			}
		}
		return l
	}
	if q == nil {
		return nil, shift(diags)
	}
	x, ok := exprOfPrint(q)
	if !ok {
		var d diag.List
		d.Errorf(diag.Pos{Line: 1, Col: 1}, CodeSyntax, "not a single expression")
		return nil, d
	}
	return x, diags
}

// exprOfPrint returns x from the tree of "print x", with positions moved back
// to the caller's text.
func exprOfPrint(q *Query) (Expr, bool) {
	if len(q.Statements) != 1 {
		return nil, false
	}
	stmt, ok := q.Statements[0].(*ExprStmt)
	if !ok || len(stmt.Pipe.Ops) > 0 {
		return nil, false
	}
	pr, ok := stmt.Pipe.Source.(*PrintSource)
	if !ok || len(pr.Columns) != 1 || len(pr.Columns[0].Names) > 0 {
		return nil, false
	}
	x := pr.Columns[0].X
	Inspect(x, func(n Node) bool {
		if s, ok := n.(interface{ span() *Span }); ok {
			sp := s.span()
			sp.Pos = unshift(sp.Pos)
			sp.EndPos = unshift(sp.EndPos)
		}
		return true
	})
	return x, true
}

// unshift removes the "print " prefix that ParseExpr added from a position.
func unshift(p lexer.Position) lexer.Position {
	p.Offset -= len("print ")
	if p.Line == 1 {
		p.Column -= len("print ")
	}
	return p
}
