// Package ruletest is the rule author's harness behind `sigmakql test`: it proves
// offline that a converted rule matches exactly the events its Sigma rule matches.
//
// Each rule is checked two independent ways: its compiled KQL runs on the local
// engine (kql/eval) over rows built by the pipeline's own field mapping
// (passes.RowMapper), and the direct Sigma interpreter (ir/match) reads the raw
// event. Golden cases compare the emitted KQL with a file beside the rule; event
// cases say which events must and must not match; regression runs read SigmaHQ's
// regression_data layout. Results are reported as text, JSON or JUnit XML.
package ruletest
