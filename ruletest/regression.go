package ruletest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
)

// regressionInfo is the part of a regression folder's info.yml the harness reads.
type regressionInfo struct {
	Rules []struct {
		ID    string `yaml:"id"`
		Title string `yaml:"title"`
	} `yaml:"rule_metadata"`
	Tests []struct {
		Name       string `yaml:"name"`
		MatchCount *int   `yaml:"match_count"`
	} `yaml:"regression_tests_info"`
}

// want is how many of a folder's events the rule must match at least: the
// recording may hold context events too, so not every event is positive.
// match_count is a lower bound, not an exact count: upstream's count for
// registry_set_disable_administrative_share says 1 while both of its recorded
// events set the value the rule names. Without match_count, at least one.
func (info *regressionInfo) want() int {
	for _, t := range info.Tests {
		if t.MatchCount != nil && *t.MatchCount > 1 {
			return *t.MatchCount
		}
	}
	return 1
}

// Regression checks every folder of SigmaHQ's regression_data layout under dir
// (an info.yml naming the rule by id, and <rule-id>.json holding its positive
// events): the rule, found by id under rulesDir, must match every event both on
// the local engine and in the interpreter. There is one case per rule; its
// message counts the events each side matched.
func (c *Checker) Regression(dir, rulesDir string) []Case {
	index, err := indexRules(rulesDir)
	if err != nil {
		return []Case{loadFailure(rulesDir, err)}
	}
	infos, err := findFiles(dir, func(name string) bool { return filepath.Base(name) == "info.yml" })
	if err != nil {
		return []Case{loadFailure(dir, err)}
	}
	var cases []Case
	for _, info := range infos {
		cases = append(cases, c.regressionFolder(info, index)...)
	}
	return cases
}

func (c *Checker) regressionFolder(infoPath string, index map[string]string) []Case {
	src, err := os.ReadFile(infoPath)
	if err != nil {
		return []Case{loadFailure(infoPath, err)}
	}
	var info regressionInfo
	if err := yaml.Unmarshal(src, &info); err != nil {
		return []Case{loadFailure(infoPath, err)}
	}
	var cases []Case
	for _, r := range info.Rules {
		evPath := filepath.Join(filepath.Dir(infoPath), r.ID+".json")
		cs := newCase(fmt.Sprintf("%s (%s)", r.Title, r.ID), KindRegression, diag.Pos{File: evPath})
		c.regressionRule(&cs, index[r.ID], r.ID, evPath, info.want())
		cases = append(cases, cs)
	}
	return cases
}

// regressionRule fills cs with the outcome of one rule's positive events.
func (c *Checker) regressionRule(cs *Case, rulePath, id, evPath string, want int) {
	if rulePath == "" {
		cs.fail("no rule with id %s under the rules directory", id)
		return
	}
	evs, diags := events.ReadFile(evPath, events.DefaultLimits)
	if diags.HasErrors() {
		cs.fail("%v", firstError(diags))
		return
	}
	rule, err := ruleByID(rulePath, id)
	if err != nil {
		cs.fail("%v", err)
		return
	}
	p := c.Prepare(rule)
	verdicts, err := p.Check(NewEventSet(evs))
	if err != nil {
		cs.fail("%s", oneLine(err))
		return
	}
	judgeRegression(cs, p, evs, verdicts, want)
}

// judgeRegression passes a rule when each side matches at least want of the
// folder's events and the two sides agree on every event; the KQL side counts
// only when the rule converted.
func judgeRegression(cs *Case, p *Prepared, evs []*events.Event, verdicts []Verdict, want int) {
	var kqlHits, interpHits int
	var problems []string
	for i, v := range verdicts {
		kqlHits += btoi(v.KQL)
		interpHits += btoi(v.Interpreter)
		if p.Converted() && v.KQL != v.Interpreter {
			problems = append(problems, fmt.Sprintf("%s: kql %s (routed: %v), interpreter %s", evs[i].Pos, describe(v.KQL), v.Routed(), describe(v.Interpreter)))
		}
	}
	summary := fmt.Sprintf("kql %d, interpreter %d of %d events matched (want at least %d)", kqlHits, interpHits, len(evs), want)
	if interpHits < want {
		problems = append(problems, "the interpreter matched "+fmt.Sprint(interpHits))
	}
	if p.Converted() && kqlHits < want {
		problems = append(problems, "the KQL matched "+fmt.Sprint(kqlHits))
	}
	switch {
	case p.MatchErr != nil:
		cs.fail("the interpreter cannot run the rule: %s", oneLine(p.MatchErr))
	case len(problems) > 0:
		cs.fail("%s\n%s", summary, strings.Join(problems, "\n"))
	case !p.Converted():
		cs.Status = Unsupported
		cs.Message = fmt.Sprintf("not converted: %s; interpreter %d of %d events matched", reason(p.ConvertErr), interpHits, len(evs))
	default:
		cs.Message = summary
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ruleIDPattern finds a rule's top-level id without parsing the whole file.
var ruleIDPattern = regexp.MustCompile(`(?m)^id:\s*['"]?([0-9A-Za-z-]+)`)

// indexRules maps rule ids to the files under dir that hold them.
func indexRules(dir string) (map[string]string, error) {
	files, err := findFiles(dir, isYAML)
	if err != nil {
		return nil, err
	}
	index := map[string]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, m := range ruleIDPattern.FindAllSubmatch(src, -1) {
			if _, dup := index[string(m[1])]; !dup {
				index[string(m[1])] = f
			}
		}
	}
	return index, nil
}

// ruleByID parses path and returns its rule with the given id.
func ruleByID(path, id string) (*ir.Rule, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	file, diags := parser.ParseFile(path, src)
	if diags.HasErrors() {
		return nil, firstError(diags)
	}
	for _, doc := range file.Docs {
		if r, ok := doc.(*ir.Rule); ok && strings.EqualFold(r.ID, id) {
			return r, nil
		}
	}
	return nil, fmt.Errorf("%s: no rule with id %s", path, id)
}

func isYAML(name string) bool {
	return strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml")
}

// findFiles lists the files under root (or root itself) that keep says to, in
// name order.
func findFiles(root string, keep func(string) bool) ([]string, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{root}, nil
	}
	var out []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && keep(path) {
			out = append(out, path)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

func loadFailure(path string, err error) Case {
	cs := newCase(filepath.Base(path), KindLoad, diag.Pos{File: path})
	cs.fail("%s", oneLine(err))
	return cs
}
