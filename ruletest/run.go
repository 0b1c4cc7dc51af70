package ruletest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/internal/rulefiles"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
)

// Suffixes of the files beside a rule: rule.yml's expected KQL is rule.kql and
// its event cases are rule.tests.yml or rule.tests.yaml (rulefiles.IsTests, the
// files convert and check skip).
const (
	goldenSuffix = ".kql"
	txtarSuffix  = ".txtar"
)

// yamlExts are the extensions a rule or test file beside it may have, in the
// order they are looked for.
var yamlExts = []string{".yml", ".yaml"}

// Run checks every test under paths (files or directories, walked in name
// order): each rule with a golden file beside it (rule.kql) or event cases
// (rule.tests.yml), and each txtar case file. Sigma meta filters among the
// files apply to the rules they name, as in convert. With update, golden files
// are rewritten with the current output instead of compared.
func (c *Checker) Run(paths []string, update bool) *Report {
	r := &Report{Pipeline: c.Pipeline.Name}
	var all []string
	for _, root := range paths {
		files, err := findFiles(root, isTestInput)
		if err != nil {
			r.Cases = append(r.Cases, loadFailure(root, err))
			continue
		}
		all = append(all, withTestsBeside(files)...)
	}
	withFilters := *c
	withFilters.Filters = append(append([]*ir.Filter(nil), c.Filters...), filtersIn(all)...)
	for _, f := range all {
		r.Cases = append(r.Cases, withFilters.runFile(f, update)...)
	}
	return r
}

// filtersIn returns the meta filters of the rule files among files; files that
// do not parse are reported by their own cases.
func filtersIn(files []string) []*ir.Filter {
	var out []*ir.Filter
	for _, name := range files {
		if !isYAML(name) || rulefiles.IsTests(name) {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		file, _ := parser.ParseFile(name, src)
		if file == nil {
			continue
		}
		for _, doc := range file.Docs {
			if f, ok := doc.(*ir.Filter); ok {
				out = append(out, f)
			}
		}
	}
	return out
}

// withTestsBeside adds the test file beside a lone rule file given as a PATH.
func withTestsBeside(files []string) []string {
	if len(files) != 1 || rulefiles.IsTests(files[0]) || !isYAML(files[0]) {
		return files
	}
	base := trimYAMLExt(files[0])
	for _, ext := range yamlExts {
		if tests := base + ".tests" + ext; exists(tests) {
			return append(files, tests)
		}
	}
	return files
}

// trimYAMLExt removes a .yml or .yaml extension.
func trimYAMLExt(name string) string {
	return strings.TrimSuffix(strings.TrimSuffix(name, ".yml"), ".yaml")
}

// testsBase is a test file's name without .tests.yml or .tests.yaml, in any
// letter case: the rule's name without its extension. Any other name (a txtar
// case) is returned as it is.
func testsBase(testFile string) string {
	if !rulefiles.IsTests(testFile) {
		return testFile
	}
	base := testFile[:len(testFile)-len(filepath.Ext(testFile))]
	return base[:len(base)-len(".tests")]
}

func isTestInput(name string) bool {
	return strings.HasSuffix(name, txtarSuffix) || isYAML(name)
}

func (c *Checker) runFile(name string, update bool) []Case {
	switch {
	case strings.HasSuffix(name, txtarSuffix):
		return c.runTxtar(name, update)
	case rulefiles.IsTests(name):
		return c.runTestFile(name)
	}
	return c.runRuleFile(name, update)
}

// runTestFile runs a test file that names its rule (rule:); one without runs
// with the rule beside it.
func (c *Checker) runTestFile(name string) []Case {
	src, err := os.ReadFile(name)
	if err != nil {
		return []Case{loadFailure(name, err)}
	}
	tf, diags := ParseTestFile(name, src)
	if diags.HasErrors() {
		return diagFailures(name, diags)
	}
	rulePath := ruleBeside(name)
	if tf.Rule == "" && !exists(rulePath) {
		return []Case{loadFailure(name, fmt.Errorf("no rule file %s beside the test file, and no rule: key", filepath.Base(rulePath)))}
	}
	if tf.Rule != "" {
		rulePath = tf.Rule
		if !filepath.IsAbs(rulePath) {
			rulePath = filepath.Join(filepath.Dir(name), rulePath)
		}
	}
	ruleSrc, err := os.ReadFile(rulePath)
	if err != nil {
		return []Case{loadFailure(name, err)}
	}
	rules, fails := parseRules(rulePath, ruleSrc, 0)
	if fails != nil {
		return fails
	}
	return c.runEventCases(name, tf.Cases, c.prepareAll(rules))
}

// ruleBeside names the rule file a test file belongs to: the first of rule.yml
// and rule.yaml that exists, else rule.yml.
func ruleBeside(testFile string) string {
	base := testsBase(testFile)
	for _, ext := range yamlExts {
		if exists(base + ext) {
			return base + ext
		}
	}
	return base + yamlExts[0]
}

// runRuleFile runs the golden case beside a rule file (rule.kql), if any; its
// event cases run from the test file.
func (c *Checker) runRuleFile(name string, update bool) []Case {
	goldenPath := trimYAMLExt(name) + goldenSuffix
	if !exists(goldenPath) {
		return nil
	}
	src, err := os.ReadFile(name)
	if err != nil {
		return []Case{loadFailure(name, err)}
	}
	rules, fails := parseRules(name, src, 0)
	if fails != nil {
		return fails
	}
	return []Case{c.goldenFile(name, goldenPath, c.prepareAll(rules), update)}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// parseRules parses a rule file whose first line is line 1+lineOffset of the
// file called name; fails are load failures when it does not parse or holds no
// rule.
func parseRules(name string, src []byte, lineOffset int) ([]*ir.Rule, []Case) {
	file, diags := parser.ParseFile(name, src)
	if diags.HasErrors() {
		for i := range diags {
			if diags[i].Line > 0 {
				diags[i].Line += lineOffset
			}
		}
		return nil, diagFailures(name, diags)
	}
	var rules []*ir.Rule
	for _, doc := range file.Docs {
		if r, ok := doc.(*ir.Rule); ok {
			rules = append(rules, r)
		}
	}
	if len(rules) == 0 {
		return nil, []Case{loadFailure(name, fmt.Errorf("the file holds no Sigma rule"))}
	}
	return rules, nil
}

func (c *Checker) prepareAll(rules []*ir.Rule) []*Prepared {
	out := make([]*Prepared, len(rules))
	for i, r := range rules {
		out[i] = c.Prepare(r)
	}
	return out
}

// goldenFile compares (or with update rewrites) the KQL expected beside a rule.
func (c *Checker) goldenFile(ruleName, goldenPath string, prepared []*Prepared, update bool) Case {
	cs := newCase(filepath.Base(goldenPath), KindGolden, diag.Pos{File: goldenPath})
	got := GoldenText(prepared)
	if update {
		if err := writeFileAtomic(goldenPath, []byte(got)); err != nil {
			cs.fail("%v", err)
		}
		return cs
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		cs.fail("%v", err)
		return cs
	}
	if d := unifiedDiff(goldenPath, "converted "+filepath.Base(ruleName), string(want), got); d != "" {
		cs.fail("the emitted KQL differs from %s (run with -update to accept it):\n%s", filepath.Base(goldenPath), d)
	}
	return cs
}

// GoldenText is the expected-output form of converted rules: each rule's
// diagnostics as comment lines (line:col: severity: message [code]), then its
// queries, rules separated by a blank line. An unsupported rule's golden text
// is its reasons, so a test also pins why a rule does not convert.
func GoldenText(prepared []*Prepared) string {
	var parts []string
	for _, p := range prepared {
		var b strings.Builder
		for _, d := range p.Diagnostics {
			fmt.Fprintf(&b, "// %d:%d: %s: %s [%s]\n", d.Line, d.Col, d.Severity, d.Message, d.Code)
		}
		for _, q := range p.Queries {
			b.WriteString(strings.TrimRight(q, "\n") + "\n")
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, "\n")
}

// writeFileAtomic replaces path's content all at once, so an interrupted update
// never leaves half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
