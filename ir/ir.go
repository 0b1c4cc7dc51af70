// Package ir is the typed intermediate representation of Sigma documents: rules,
// correlations and filters, with every detection value already split into its exact
// meaning (literal text, wildcards, placeholders, numbers, regexes, CIDRs, field
// references), so that no later phase ever re-parses Sigma text or escapes. Every node
// keeps the position it was read from.
//
// The parser (package parser) builds the IR; the passes rewrite it; the backends and
// the direct interpreter (package ir/match) read it.
package ir

import "github.com/sigmakql/sigmakql/diag"

// Pos is the file:line:col a node was read from.
type Pos = diag.Pos

// A File is one parsed YAML file: a single document or a collection.
type File struct {
	Name string
	Docs []Document
}

// A Document is a *Rule, a *Correlation or a *Filter.
type Document interface {
	// Metadata returns the fields shared by every kind of Sigma document.
	Metadata() *Meta
	isDocument()
}

// Meta holds the standard fields every Sigma document may carry.
type Meta struct {
	Pos            Pos // where the document starts
	Title          string
	ID             string
	Name           string
	Related        []Related
	Taxonomy       string
	Status         string
	Description    string
	License        string
	References     []string
	Author         string
	Date           string
	Modified       string
	Tags           []string
	Fields         []string
	FalsePositives []string
	Level          string
	Scope          []string
	// Custom holds top-level keys the specification does not define, decoded as
	// plain Go values (string, int, float64, bool, nil, []any, map[string]any).
	Custom map[string]any
}

// Metadata returns m.
func (m *Meta) Metadata() *Meta { return m }

// Related is one entry of a document's related list.
type Related struct {
	Pos  Pos
	ID   string
	Type string // derived, obsolete, merged, renamed, similar
}

// Logsource names the events a rule or filter applies to.
type Logsource struct {
	Pos        Pos
	Category   string
	Product    string
	Service    string
	Definition string
	// Custom holds logsource keys beyond the four standard ones.
	Custom map[string]string
}

// IsZero reports whether no logsource field is set.
func (l Logsource) IsZero() bool {
	return l.Category == "" && l.Product == "" && l.Service == "" && l.Definition == "" && len(l.Custom) == 0
}

// Rule is a Sigma detection rule.
type Rule struct {
	Meta
	Logsource Logsource
	Detection Detection
}

// Filter is a Sigma meta filter: its detection is AND-ed onto the referenced rules
// whose logsource matches.
type Filter struct {
	Meta
	Logsource Logsource
	Rules     []RuleRef
	Detection Detection
}

// Correlation is a Sigma correlation rule over other rules' matches.
type Correlation struct {
	Meta
	Type      CorrelationType
	Rules     []RuleRef
	GroupBy   []string
	Timespan  Duration
	Condition *CorrelationCondition // nil for temporal types without a condition
	Aliases   []Alias
	Generate  bool
}

func (*Rule) isDocument()        {}
func (*Filter) isDocument()      {}
func (*Correlation) isDocument() {}

// RuleRef refers to another rule by id or name.
type RuleRef struct {
	Pos Pos
	Ref string
}

// CorrelationType is the kind of a correlation rule, spelled as in Sigma.
type CorrelationType string

const (
	EventCount      CorrelationType = "event_count"
	ValueCount      CorrelationType = "value_count"
	Temporal        CorrelationType = "temporal"
	TemporalOrdered CorrelationType = "temporal_ordered"
	ValueSum        CorrelationType = "value_sum"
	ValueAvg        CorrelationType = "value_avg"
	ValuePercentile CorrelationType = "value_percentile"
)

// Duration is a Sigma timespan such as "5m", kept as written and in seconds.
type Duration struct {
	Pos     Pos
	Text    string
	Seconds int64
}

// CorrelationCondition is the threshold of a correlation: every comparison in Ops
// must hold (a range is gte plus lte). Field names the aggregated field for the
// value_* types.
type CorrelationCondition struct {
	Pos   Pos
	Field string
	Ops   []Comparison
	// Percentile is the percentile rank (0-100) of a value_percentile correlation.
	Percentile *Number
}

// Comparison is one "op: number" entry of a correlation condition.
type Comparison struct {
	Pos   Pos
	Op    CompareOp
	Value Number
}

// CompareOp is a correlation comparison operator.
type CompareOp string

const (
	OpGT  CompareOp = "gt"
	OpGTE CompareOp = "gte"
	OpLT  CompareOp = "lt"
	OpLTE CompareOp = "lte"
	OpEQ  CompareOp = "eq"
	OpNEQ CompareOp = "neq"
)

// Alias maps one correlation field name to a field of each referenced rule.
type Alias struct {
	Pos    Pos
	Name   string
	Fields map[string]string // rule ref -> field name in that rule
}
