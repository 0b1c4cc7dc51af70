// Package eval runs parsed KQL queries over in-memory tables with Kusto's
// semantics, so that sigmakql can prove offline that a converted rule matches
// exactly the events it should: a dry-run over sample data, the engine behind
// `sigmakql test`, and one side of the differential test against the direct
// Sigma interpreter.
//
// The engine is exact or silent: every construct it evaluates follows the
// Kusto documentation (each rule that matters is pinned by a unit test citing
// its Microsoft Learn page), and anything else is reported as an error with
// the code eval-unsupported at the node's line:col, never approximated.
//
// Compile checks a query once; Program.Run binds it to the tables of a
// Database and evaluates it under Options (a row limit, a context for
// cancellation and timeouts, and a clock for now() and ago()). The bound plan
// is cached per table layout, so running one detection query over many small
// tables costs the evaluation alone.
package eval
