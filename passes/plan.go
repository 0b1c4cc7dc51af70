// Package passes rewrites Sigma IR for a target: processing pipelines (the built-in
// azure_monitor pipeline and user pipelines in the pySigma format) choose the table,
// map field names to columns with their schema types, add conditions, resolve
// placeholders and rewrite values, all on the typed IR so that no escape is ever
// re-parsed. The result is a Plan that a backend prints.
package passes

import (
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// Column says how a backend reads one field of a Plan's rule from the target table.
type Column struct {
	// Name is the table column, e.g. "CommandLine" or "EventData".
	Name string
	// Path holds member names inside a dynamic column, e.g. ["Image"] for
	// EventData.Image; it is empty for a plain column.
	Path []string
	// Type is the Kusto type of the value read: string, int, long, real, bool,
	// datetime, timespan, guid or dynamic. A member of a dynamic column that the
	// backend should compare as text has Type "string" (the backend wraps it in
	// tostring()).
	Type string
}

// Plan is one rule after a pipeline: the table to query and how every field the
// rewritten rule mentions is read. Errors in Diagnostics mean the rule is
// unsupported for this pipeline, with the reason; warnings travel with the query.
type Plan struct {
	// Rule is a rewritten copy of the input rule: field names are the keys of
	// Columns, values are rewritten, pipeline conditions are added. The input rule
	// is never modified.
	Rule *ir.Rule
	// Table is the Log Analytics table the query reads.
	Table string
	// Columns maps every field name used in Rule to how it is read.
	Columns map[string]Column
	// Keywords lists the columns unbound keyword values are searched in (OR-ed);
	// empty means the backend must search the whole row or report the rule
	// unsupported.
	Keywords []Column
	// QueryExpressions maps placeholder names that resolve to a tabular query
	// expression (for example a watchlist lookup) to that KQL text; a field matched
	// against such a placeholder is tested for membership in its single column.
	QueryExpressions map[string]string
	// Pipeline names the pipeline(s) applied, for headers and reports.
	Pipeline string
	// Diagnostics holds the pipeline's findings for this rule.
	Diagnostics diag.List
}

// Supported reports whether the plan can be converted: no error diagnostics.
func (p *Plan) Supported() bool { return !p.Diagnostics.HasErrors() }
