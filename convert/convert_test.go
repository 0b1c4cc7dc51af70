package convert

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sigmakql/sigmakql/backends/kql"
	"github.com/sigmakql/sigmakql/passes"
)

const ruleLogon = `title: Failed logon
name: failed_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
`

const ruleExplicit = `title: Explicit credentials
name: explicit_credentials
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4648
    condition: selection
`

// correlation returns an event_count correlation over refs.
func correlation(title string, generate bool, refs ...string) string {
	var b strings.Builder
	b.WriteString("title: " + title + "\ncorrelation:\n    type: event_count\n    rules:\n")
	for _, r := range refs {
		b.WriteString("        - " + r + "\n")
	}
	b.WriteString("    group-by:\n        - Computer\n    timespan: 5m\n    condition:\n        gte: 3\n")
	if generate {
		b.WriteString("    generate: true\n")
	}
	return b.String()
}

const filterTestHosts = `title: Not the test hosts
logsource:
    product: windows
    service: security
filter:
    rules:
        - failed_logon
    selection:
        Computer: testhost
    condition: not selection
`

func newTestConverter(t testing.TB) *Converter {
	t.Helper()
	pipe, err := passes.Lookup("azure_monitor")
	if err != nil {
		t.Fatal(err)
	}
	return &Converter{Pipeline: pipe, Passes: passes.Options{}, KQL: kql.Options{}}
}

// outcome is a result's title and whether it converted.
type outcome struct {
	Title string
	OK    bool
}

func TestConvertGenerate(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []outcome
	}{
		{"rule alone", []string{ruleLogon}, []outcome{{"Failed logon", true}}},
		{"correlation hides its rule", []string{ruleLogon, correlation("Burst", false, "failed_logon")},
			[]outcome{{"Burst", true}}},
		{"generate true outputs its rule", []string{ruleLogon, correlation("Burst", true, "failed_logon")},
			[]outcome{{"Failed logon", true}, {"Burst", true}}},
		{"any generate true wins", []string{ruleLogon, ruleExplicit,
			correlation("Quiet", false, "failed_logon", "explicit_credentials"), correlation("Loud", true, "failed_logon")},
			[]outcome{{"Failed logon", true}, {"Quiet", true}, {"Loud", true}}},
		{"collection in one file", []string{ruleLogon + "---\n" + correlation("Burst", false, "failed_logon")},
			[]outcome{{"Burst", true}}},
		{"missing rule", []string{correlation("Burst", false, "nowhere")}, []outcome{{"Burst", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var inputs []Input
			for i, f := range tt.files {
				inputs = append(inputs, Parse(string(rune('a'+i))+".yml", []byte(f)))
			}
			var got []outcome
			for _, r := range newTestConverter(t).Convert(inputs) {
				got = append(got, outcome{r.Title, r.OK})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
		})
	}
}

// TestConvertFiltersAcrossInputs checks that a meta filter in one input applies
// to a rule in another, inside a correlation as well as on its own.
func TestConvertFiltersAcrossInputs(t *testing.T) {
	inputs := []Input{
		Parse("rule.yml", []byte(ruleLogon)),
		Parse("filter.yml", []byte(filterTestHosts)),
		Parse("corr.yml", []byte(correlation("Burst", true, "failed_logon"))),
	}
	results := newTestConverter(t).Convert(inputs)
	if len(results) != 2 {
		t.Fatalf("got %d results, want the rule and the correlation", len(results))
	}
	for _, r := range results {
		if !r.OK || len(r.Queries) != 1 || !strings.Contains(r.Queries[0], "testhost") {
			t.Errorf("%s: want one query excluding testhost, got ok=%v %q", r.Title, r.OK, r.Queries)
		}
	}
}

// TestConvertUnreadableInput checks that an input that could not be read is one
// failed result naming the file.
func TestConvertUnreadableInput(t *testing.T) {
	results := newTestConverter(t).Convert([]Input{{Name: "gone.yml", Err: errNotFound{}}})
	if len(results) != 1 || results[0].OK || results[0].Diagnostics[0].Code != CodeUnsupportedDocument {
		t.Fatalf("got %+v, want one failed result with %s", results, CodeUnsupportedDocument)
	}
}

type errNotFound struct{}

func (errNotFound) Error() string { return "no such file" }

// TestConvertHiddenRuleWarnings checks that the parse warnings of a file whose
// only rule feeds a correlation are reported with the correlation, not lost.
func TestConvertHiddenRuleWarnings(t *testing.T) {
	inputs := []Input{
		Parse("rule.yml", []byte("date: 2024/01/02\n"+ruleLogon)),
		Parse("corr.yml", []byte(correlation("Burst", false, "failed_logon"))),
	}
	results := newTestConverter(t).Convert(inputs)
	if len(results) != 1 || !results[0].OK {
		t.Fatalf("got %+v, want the correlation alone", results)
	}
	ds := results[0].Diagnostics
	if len(ds) != 1 || ds[0].File != "rule.yml" || ds[0].Line != 1 {
		t.Errorf("diagnostics %v, want the rule file's date warning at rule.yml:1", ds)
	}
}
