// Package guard decides whether a KQL text may be run against a live workspace
// by a tool that must only read: the MCP server and `sigmakql run` call
// CheckReadOnly before sending anything. The decision is made on the parse
// tree, never by searching the text, so a string that mentions ".drop" is
// fine while a management command hidden behind comments, spacing or a
// semicolon is not.
package guard

import (
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/kql"
)

// Diagnostic codes of the read-only guard.
const (
	CodeTooLong     diag.Code = "guard-too-long"           // longer than MaxQueryBytes
	CodeNotQuery    diag.Code = "guard-not-a-query"        // does not parse, or has no query statement
	CodeCommand     diag.Code = "guard-management-command" // .drop, .alter, .set, … (any leading dot)
	CodeExternal    diag.Code = "guard-external-data"      // externaldata, external_table(): reads outside the workspace
	CodePlugin      diag.Code = "guard-plugin"             // evaluate of a plugin that runs code or reaches out
	CodeUnknownPlug diag.Code = "guard-unknown-plugin"     // evaluate of a plugin the guard does not know
)

// MaxQueryBytes is the longest query the guard lets through; real detection
// queries are a few kilobytes.
const MaxQueryBytes = 64 << 10

// CheckReadOnly returns error diagnostics explaining why src must not run, or
// an empty list when it is a read-only query. Syntax errors are included so the
// caller can show them.
func CheckReadOnly(src string) diag.List {
	var diags diag.List
	if len(src) > MaxQueryBytes {
		diags.Errorf(diag.Pos{Line: 1, Col: 1}, CodeTooLong, "query is %d bytes; the read-only limit is %d", len(src), MaxQueryBytes)
		return diags
	}
	q, perr := kql.Parse(src)
	if perr.HasErrors() {
		diags.Errorf(diag.Pos{Line: 1, Col: 1}, CodeNotQuery, "only a query that parses may run")
		diags.Add(perr...)
		return diags
	}
	diags.Add(checkTree(q)...)
	return diags
}

// Check returns error diagnostics for every statement or node of an already
// parsed query that could write, run code or read outside the workspace. It is
// CheckReadOnly without the parse and the length limit, for callers that hold
// the tree anyway (the local workspace parses once and checks the same tree it
// runs).
func Check(q *kql.Query) diag.List { return checkTree(q) }

// checkTree reports every statement and node of q that could write, run code
// or read outside the workspace.
func checkTree(q *kql.Query) diag.List {
	var diags diag.List
	if n := len(q.Statements); n == 0 {
		diags.Errorf(diag.Pos{Line: 1, Col: 1}, CodeNotQuery, "the text holds no query")
	} else if _, ok := q.Statements[n-1].(*kql.ExprStmt); !ok {
		if _, cmd := q.Statements[n-1].(*kql.CommandStmt); !cmd {
			diags.Errorf(pos(q.Statements[n-1]), CodeNotQuery, "the last statement must be a query expression")
		}
	}
	kql.Inspect(q, func(n kql.Node) bool {
		if d, bad := checkNode(n); bad {
			diags.Add(d)
		}
		return true
	})
	return diags
}

// checkNode judges one node.
func checkNode(n kql.Node) (diag.Diagnostic, bool) {
	switch n := n.(type) {
	case *kql.CommandStmt:
		return diag.Errorf(pos(n), CodeCommand, "management command .%s is not allowed; only queries may run", n.Name), true
	case *kql.ExternalDataSource:
		return diag.Errorf(pos(n), CodeExternal, "%s reads data from outside the workspace", n.Keyword), true
	case *kql.Call:
		if externalFunctions[n.Func] {
			return diag.Errorf(pos(n), CodeExternal, "%s() reads data from outside the workspace", n.Func), true
		}
	case *kql.EvaluateOp:
		return checkPlugin(n)
	}
	return diag.Diagnostic{}, false
}

// checkPlugin allows only plugins known to compute over their input.
func checkPlugin(op *kql.EvaluateOp) (diag.Diagnostic, bool) {
	call, ok := op.Plugin.(*kql.Call)
	if !ok {
		return diag.Errorf(pos(op), CodePlugin, "evaluate needs a plugin call"), true
	}
	switch {
	case deniedPlugins[call.Func] != "":
		return diag.Errorf(pos(call), CodePlugin, "plugin %s is not allowed: it %s", call.Func, deniedPlugins[call.Func]), true
	case !readOnlyPlugins[call.Func]:
		return diag.Errorf(pos(call), CodeUnknownPlug, "plugin %s is not known to be read-only", call.Func), true
	}
	return diag.Diagnostic{}, false
}

func pos(n kql.Node) diag.Pos {
	p := n.Start()
	return diag.Pos{Line: p.Line, Col: p.Column}
}
