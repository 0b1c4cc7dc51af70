package eval

import (
	"fmt"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/kql"
)

// Diagnostic codes of the engine. Every error Run or Compile returns is a
// diag.Diagnostic with one of these codes and, where a node is at fault, its
// line:col.
const (
	CodeUnsupported  diag.Code = "eval-unsupported"   // valid KQL the local engine does not evaluate
	CodeUnknownName  diag.Code = "eval-unknown-name"  // a table, column, function or let name that does not exist
	CodeTypeMismatch diag.Code = "eval-type-mismatch" // operands Kusto would refuse to combine or compare
	CodeBadArgument  diag.Code = "eval-bad-argument"  // a wrong argument count, a bad regex, an invalid literal
	CodeRowLimit     diag.Code = "eval-row-limit"     // a table grew past Options.MaxRows
	CodeCanceled     diag.Code = "eval-canceled"      // the context was canceled or its deadline passed
	CodeInternal     diag.Code = "eval-internal"      // a bug in the engine, reported rather than crashing
)

func posOf(p lexer.Position) diag.Pos { return diag.Pos{Line: p.Line, Col: p.Column} }

// errAt returns an error diagnostic at the start of node n.
func errAt(n kql.Node, code diag.Code, format string, args ...any) error {
	var pos diag.Pos
	if n != nil {
		pos = posOf(n.Start())
	}
	return diag.Errorf(pos, code, format, args...)
}

// unsupported reports a construct the local engine does not evaluate.
func unsupported(n kql.Node, what string) error {
	return errAt(n, CodeUnsupported, "%s is not supported by the local engine", what)
}

// runtimeError carries an error out of an expression closure, which has no
// error result; Run recovers it.
type runtimeError struct{ err error }

// fail aborts the evaluation of the current query with a diagnostic at n.
func fail(n kql.Node, code diag.Code, format string, args ...any) {
	panic(runtimeError{errAt(n, code, format, args...)})
}

// recoverError turns a panic during evaluation into an error: a runtimeError
// gives its diagnostic, anything else is an engine bug reported as such.
func recoverError(r any) error {
	if re, ok := r.(runtimeError); ok {
		return re.err
	}
	return diag.Errorf(diag.Pos{}, CodeInternal, "internal error in the local engine: %v", fmt.Sprint(r))
}
