package eval

import (
	"github.com/sigmakql/sigmakql/kql"
)

// specialCalls are functions the binder handles itself.
var specialCalls = map[string]bool{
	"toscalar": true, "column_ifexists": true, "columnifexists": true, "materialize": true, "table": true,
}

// checkSupported walks the query once so that Compile reports the first
// operator or function the engine does not evaluate, at its position, before
// any data is read.
func checkSupported(q *kql.Query) error {
	letNames := map[string]bool{}
	kql.Inspect(q, func(n kql.Node) bool {
		if let, ok := n.(*kql.LetStmt); ok {
			letNames[let.Name.Value] = true
		}
		return true
	})
	var err error
	kql.Inspect(q, func(n kql.Node) bool {
		if err != nil {
			return false
		}
		err = checkNode(n, letNames)
		return err == nil
	})
	return err
}

func checkNode(n kql.Node, letNames map[string]bool) error {
	switch n := n.(type) {
	case kql.Operator:
		if !supportedOperator(n) {
			return unsupported(n, operatorName(n))
		}
	case *kql.Call:
		if n.Receiver != nil {
			return unsupported(n, "a method-style call")
		}
		_, builtin := builtins[n.Func]
		_, agg := aggregates[n.Func]
		if !builtin && !agg && !specialCalls[n.Func] && !letNames[n.Func] {
			return errAt(n, CodeUnsupported, "function %s() is not supported by the local engine", n.Func)
		}
	case *kql.ExternalDataSource:
		return unsupported(n, "externaldata")
	case *kql.CommandStmt, *kql.DeclareStmt, *kql.AliasStmt:
		return unsupported(n, "this statement")
	}
	return nil
}

func supportedOperator(op kql.Operator) bool {
	switch op.(type) {
	case *kql.WhereOp, *kql.ProjectOp, *kql.ExtendOp, *kql.ProjectAwayOp, *kql.ProjectKeepOp,
		*kql.ProjectRenameOp, *kql.ProjectReorderOp, *kql.TakeOp, *kql.CountOp, *kql.SortOp,
		*kql.TopOp, *kql.DistinctOp, *kql.SummarizeOp, *kql.MvApplyOp, *kql.JoinOp, *kql.LookupOp, *kql.InvokeOp, *kql.UnionOp, *kql.MvExpandOp,
		*kql.ParseOp, *kql.SerializeOp, *kql.RenderOp:
		return true
	}
	return false
}

// kqlUnquote decodes a KQL string token by letting the KQL parser read it,
// so the engine shares the parser's one definition of string escapes.
func kqlUnquote(tok string) (string, error) {
	q, diags := kql.Parse("print " + tok)
	if diags.HasErrors() {
		return "", diags.Errors()[0]
	}
	src := q.Statements[0].(*kql.ExprStmt).Pipe.Source.(*kql.PrintSource)
	lit, ok := src.Columns[0].X.(*kql.Literal)
	if !ok || lit.Kind != kql.LitString {
		return "", errAt(lit, CodeBadArgument, "not a string literal")
	}
	return lit.Value, nil
}
