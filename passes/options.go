package passes

import (
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/schema"
)

// Diagnostic codes reported by pipelines.
const (
	// CodeUnmappedField: the rule reads a field the target table does not hold.
	CodeUnmappedField diag.Code = "unmapped-field"
	// CodeUnsupportedLogsource: no pipeline maps the rule's logsource to a table.
	CodeUnsupportedLogsource diag.Code = "unsupported-logsource"
	// CodeUnresolvedPlaceholder: an |expand placeholder has no values and no query
	// expression.
	CodeUnresolvedPlaceholder diag.Code = "unresolved-placeholder"
	// CodeBadPipeline: a pipeline file is not a valid processing pipeline.
	CodeBadPipeline diag.Code = "bad-pipeline"
	// CodeUnknownPipeline: no built-in pipeline has the requested name.
	CodeUnknownPipeline diag.Code = "unknown-pipeline"
	// CodePipelineOption: a pipeline option is unknown or has a value it does not
	// accept.
	CodePipelineOption diag.Code = "pipeline-option"
	// CodeRuleFailure: a pipeline's rule_failure item matched the rule.
	CodeRuleFailure diag.Code = "rule-failure"
	// CodeDetectionItemFailure: a pipeline's detection_item_failure item matched.
	CodeDetectionItemFailure diag.Code = "detection-item-failure"
	// CodeTableFallback: the preferred table cannot express the rule, so the
	// pipeline reads the same events from its alternative table.
	CodeTableFallback diag.Code = "table-fallback"
	// CodeCustomTable: the query reads a table the schema snapshot does not know,
	// so its columns could not be checked.
	CodeCustomTable diag.Code = "custom-table"
	// CodeApproximateMapping: a value rewrite matches a little more than the rule
	// says (for example a hash sub-field searched with a leading wildcard).
	CodeApproximateMapping diag.Code = "approximate-mapping"
	// CodeSharedColumn: two fields of one search are read from the same column
	// and compared with values no single value equals, so the query could
	// never fire.
	CodeSharedColumn diag.Code = "shared-column"
)

// Options are the per-conversion inputs of a pipeline.
type Options struct {
	// Placeholders holds values for |expand placeholders, from the CLI's
	// -P name=v1,v2; they take precedence over pipeline vars.
	Placeholders map[string][]string
	// TargetTable, when set, replaces the table the pipeline chose; fields are
	// still mapped by the pipeline and checked against this table.
	TargetTable string
	// Settings chooses pipeline options by name (see Builtins for those of the
	// built-in pipelines), e.g. {"process_creation": "security"}.
	Settings map[string]string
	// Schema is the table snapshot columns and types are read from; nil means
	// schema.Default().
	Schema *schema.Schema
}

func (o *Options) schema() *schema.Schema {
	if o.Schema != nil {
		return o.Schema
	}
	return schema.Default()
}
