// Package eval runs parsed KQL queries over in-memory tables with Kusto's
// semantics, so that sigmakql can prove offline that a converted rule matches
// exactly the events it should: a dry-run over sample data, the engine behind
// `sigmakql test`, and one side of the differential test against the direct
// Sigma interpreter.
//
// The engine is exact or silent: every construct it evaluates follows the
// Kusto documentation (each rule that matters is pinned by a unit test citing
// its Microsoft Learn page, and TestOracleAgrees has Microsoft's
// Kusto.Language accept every query the tests evaluate), and anything else is
// reported as an error with the code eval-unsupported at the node's line:col,
// never approximated.
//
// Compile checks a query once; Program.Run binds it to the tables of a
// Database and evaluates it under Options (a row limit, a context for
// cancellation and timeouts, and a clock for now() and ago()). The bound plan
// is cached per table layout, so running one detection query over many small
// tables costs the evaluation alone.
//
// # Semantics decisions
//
//   - Values keep their Kusto type and nulls are typed; a string is never
//     null (tostring of a null or a missing dynamic member is "").
//   - Case-insensitive operators compare runes by their simple upper case
//     (.NET's ordinal ignore-case rule); see fold.go for why.
//   - has, hasprefix, hassuffix, has_any and has_all are term matches, terms
//     being maximal runs of ASCII letters and digits; the 3-character minimum
//     of the docs concerns the index, not the result. An empty right-hand
//     side is refused: its meaning is undocumented.
//   - matches regex and the regex functions use RE2 (Go's regexp), unanchored.
//   - A null and a non-null value are unequal (== is false, != is true), two
//     nulls compare to null, ordering a null is null, and where drops null
//     rows; and/or use three-valued logic.
//   - Operators Kusto.Language rejects for the operand types (string < long,
//     long contains string, long in~ (…)) are eval-type-mismatch; equality it
//     accepts but no page defines (string == long, bool == long) is
//     eval-unsupported.
//   - * op "x" searches the string and dynamic columns but RowIDColumn; a
//     bag or array as its JSON text (keys included, strings escaped) when the
//     needle cannot span JSON punctuation, and otherwise only where the JSON
//     text, the values and the keys agree. A row that only a number, date or
//     other non-string column would match is refused: no page says whether *
//     searches those.
//   - parse (simple mode) matches the whole value and extracts string
//     columns; typed columns are refused.
//   - tostring of a real follows .NET's shortest round-trip text.
//   - Integer division by zero is null; dcount is exact; join keys holding a
//     null match nothing.
package eval
