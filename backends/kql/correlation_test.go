package kql

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/passes"
)

// correlatedPlan is a rule "r" on table T matching F =~ "x", reading F, Host
// (string) and Bytes (long).
func correlatedPlan(t *testing.T) CorrelatedRule {
	t.Helper()
	p := planFor(t, nil, &ir.FieldMatch{Field: "F", Values: []ir.Value{ir.NewString(ir.Pos{}, ir.Part{Text: "x"})}})
	p.Columns["Host"] = passes.Column{Name: "Computer", Type: "string"}
	p.Columns["Bytes"] = passes.Column{Name: "SentBytes", Type: "long"}
	return CorrelatedRule{Ref: "r", Plan: p}
}

func correlation(typ ir.CorrelationType, cond *ir.CorrelationCondition) *ir.Correlation {
	return &ir.Correlation{
		Type: typ, Rules: []ir.RuleRef{{Ref: "r"}}, GroupBy: []string{"Host"},
		Timespan: ir.Duration{Text: "10m", Seconds: 600}, Condition: cond,
	}
}

func gte(n int64) []ir.Comparison {
	return []ir.Comparison{{Op: ir.OpGTE, Value: ir.Number{IsInt: true, Int: n}}}
}

// TestConvertCorrelationAggregates pins the fixed-bin form of -O
// correlation=bins, which carries the correlation-window warning.
func TestConvertCorrelationAggregates(t *testing.T) {
	tests := []struct {
		name string
		c    *ir.Correlation
		want []string // lines after the branch
	}{
		{"value_sum", correlation(ir.ValueSum, &ir.CorrelationCondition{Field: "Bytes", Ops: gte(1000)}), []string{
			"| summarize SigmaResult = sum(SigmaValue) by bin(TimeGenerated, 600s), Host",
			"| where SigmaResult >= 1000",
		}},
		{"value_avg", correlation(ir.ValueAvg, &ir.CorrelationCondition{Field: "Bytes", Ops: gte(5)}), []string{
			"| summarize SigmaResult = avg(SigmaValue) by bin(TimeGenerated, 600s), Host",
			"| where SigmaResult >= 5",
		}},
		{"value_percentile", correlation(ir.ValuePercentile, &ir.CorrelationCondition{Field: "Bytes", Ops: gte(5), Percentile: &ir.Number{IsInt: true, Int: 95}}), []string{
			"| summarize SigmaResult = percentile(SigmaValue, 95) by bin(TimeGenerated, 600s), Host",
			"| where SigmaResult >= 5",
		}},
		{"event_count range", correlation(ir.EventCount, &ir.CorrelationCondition{Ops: []ir.Comparison{
			{Op: ir.OpGTE, Value: ir.Number{IsInt: true, Int: 3}}, {Op: ir.OpLT, Value: ir.Number{IsInt: true, Int: 9}}}}), []string{
			"| summarize SigmaResult = count() by bin(TimeGenerated, 600s), Host",
			"| where SigmaResult >= 3 and SigmaResult < 9",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, diags := ConvertCorrelation(tt.c, []CorrelatedRule{correlatedPlan(t)}, Options{Correlation: FixedBins})
			if diags.HasErrors() || !hasCode(diags, CodeCorrelationWindow) {
				t.Fatalf("want no error and a %s warning, got %v", CodeCorrelationWindow, diags)
			}
			lines := strings.Split(q, "\n")
			if diff := cmp.Diff(tt.want, lines[len(lines)-len(tt.want):]); diff != "" {
				t.Errorf("(-want +got):\n%s\nquery:\n%s", diff, q)
			}
			if !strings.Contains(q, "| project TimeGenerated, SigmaRule = \"r\", Host = Computer") {
				t.Errorf("branch projection missing:\n%s", q)
			}
		})
	}
}

func TestConvertCorrelationErrors(t *testing.T) {
	tests := []struct {
		name string
		c    *ir.Correlation
		code diag.Code
	}{
		{"temporal_ordered with fewer rules", correlation(ir.TemporalOrdered, &ir.CorrelationCondition{Ops: gte(0)}), CodeUnsupportedCorrelation},
		{"reserved group-by", &ir.Correlation{Type: ir.EventCount, Rules: []ir.RuleRef{{Ref: "r"}}, GroupBy: []string{"SigmaWindowEnd"}, Timespan: ir.Duration{Seconds: 60}}, CodeUnsupportedCorrelation},
		{"too many rules", &ir.Correlation{Type: ir.TemporalOrdered, Rules: make([]ir.RuleRef, MaxCorrelatedRules+1), Timespan: ir.Duration{Seconds: 60}}, CodeUnsupportedCorrelation},
		{"no timespan", &ir.Correlation{Type: ir.EventCount, Rules: []ir.RuleRef{{Ref: "r"}}}, CodeUnsupportedCorrelation},
		{"unknown type", &ir.Correlation{Type: "value_mode", Rules: []ir.RuleRef{{Ref: "r"}}, Timespan: ir.Duration{Seconds: 60}}, CodeUnsupportedCorrelation},
		{"missing rule", &ir.Correlation{Type: ir.EventCount, Rules: []ir.RuleRef{{Ref: "nope"}}, Timespan: ir.Duration{Seconds: 60}}, CodeUnsupportedCorrelation},
		{"unmapped group-by", &ir.Correlation{Type: ir.EventCount, Rules: []ir.RuleRef{{Ref: "r"}}, GroupBy: []string{"Nope"}, Timespan: ir.Duration{Seconds: 60}}, CodeUnmappedField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, diags := ConvertCorrelation(tt.c, []CorrelatedRule{correlatedPlan(t)}, Options{})
			if q != "" || len(diags.Errors()) == 0 || diags.Errors()[0].Code != tt.code {
				t.Errorf("query %q, diagnostics %v; want error %s", q, diags, tt.code)
			}
		})
	}
}

func TestCorrelationFieldsFollowAliases(t *testing.T) {
	c := &ir.Correlation{
		GroupBy:   []string{"host", "User"},
		Aliases:   []ir.Alias{{Name: "host", Fields: map[string]string{"a": "Computer", "b": "DeviceName"}}},
		Condition: &ir.CorrelationCondition{Field: "Bytes"},
	}
	if diff := cmp.Diff([]string{"DeviceName", "User", "Bytes"}, CorrelationFields(c, "b")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func hasCode(diags diag.List, code diag.Code) bool {
	for _, d := range diags {
		if d.Code == code {
			return true
		}
	}
	return false
}

// TestConvertCorrelationWindowsAreExact checks that the default sliding form
// carries no correlation-window warning, and that only the comparisons a
// smaller window can satisfy add the windows that follow each match.
func TestConvertCorrelationWindowsAreExact(t *testing.T) {
	tests := []struct {
		name      string
		c         *ir.Correlation
		following bool
	}{
		{"event_count gte", correlation(ir.EventCount, &ir.CorrelationCondition{Ops: gte(3)}), false},
		{"event_count lt", correlation(ir.EventCount, &ir.CorrelationCondition{Ops: []ir.Comparison{{Op: ir.OpLT, Value: ir.Number{IsInt: true, Int: 3}}}}), true},
		{"temporal default", correlation(ir.Temporal, nil), false},
		{"value_sum gte", correlation(ir.ValueSum, &ir.CorrelationCondition{Field: "Bytes", Ops: gte(3)}), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, diags := ConvertCorrelation(tt.c, []CorrelatedRule{correlatedPlan(t)}, Options{})
			if diags.HasErrors() || hasCode(diags, CodeCorrelationWindow) {
				t.Fatalf("diagnostics %v", diags)
			}
			if got := strings.Contains(q, "+ 1tick"); got != tt.following {
				t.Errorf("windows following each match: %v, want %v\n%s", got, tt.following, q)
			}
		})
	}
}
