package kql

import (
	"errors"

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
// the stack or the CPU. Real queries stay far below them.
const (
	MaxQueryBytes = 256 << 10 // bytes of query text
	MaxDepth      = 256       // nesting of (), [] and {}
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
	tokens, err := lexAll(src)
	if err != nil {
		diags.Add(syntaxDiag(err))
		return nil, diags
	}
	if tok, ok := tooDeep(tokens); ok {
		diags.Errorf(diagPos(tok.Pos), CodeTooDeep, "brackets nest deeper than the limit of %d", MaxDepth)
		return nil, diags
	}
	q, err := parseTokens(tokens)
	if err != nil {
		diags.Add(syntaxDiag(err))
		return nil, diags
	}
	if diags = check(q); diags.HasErrors() {
		return nil, diags
	}
	trimEnds(q, tokens)
	return q, diags
}

func lexAll(src string) ([]lexer.Token, error) {
	lex, _ := scanDef{}.LexString("", src)
	return lexer.ConsumeAll(lex)
}

// parseTokens runs the participle grammar, turning a panic from a grammar bug
// into an error rather than crashing the caller.
func parseTokens(tokens []lexer.Token) (q *Query, err error) {
	defer func() {
		if r := recover(); r != nil {
			q, err = nil, participle.Errorf(lexer.Position{Line: 1, Column: 1}, "internal parser error: %v", r)
		}
	}()
	peek, err := lexer.Upgrade(&sliceLexer{tokens: tokens})
	if err != nil {
		return nil, err
	}
	return queryParser.ParseFromLexer(peek)
}

// sliceLexer replays tokens that were already scanned.
type sliceLexer struct {
	tokens []lexer.Token
	i      int
}

func (l *sliceLexer) Next() (lexer.Token, error) {
	if l.i >= len(l.tokens) {
		return lexer.EOFToken(l.tokens[len(l.tokens)-1].Pos), nil
	}
	l.i++
	return l.tokens[l.i-1], nil
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
		return diag.Errorf(diagPos(perr.Position()), CodeSyntax, "%s", perr.Message())
	}
	var lerr *lexer.Error
	if errors.As(err, &lerr) {
		return diag.Errorf(diagPos(lerr.Pos), CodeSyntax, "%s", lerr.Msg)
	}
	return diag.Errorf(diag.Pos{Line: 1, Col: 1}, CodeSyntax, "%v", err)
}
