package ruletest

import (
	"bytes"
	"fmt"
	"os"

	"golang.org/x/tools/txtar"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/events"
)

// Sections of a txtar case file: the rule, its event cases, the expected KQL per
// pipeline (out/azure_monitor.kql), and any event files the cases name.
const (
	ruleSection  = "rule.yml"
	testsSection = "tests.yml"
)

// goldenSection names the expected KQL of a pipeline in a txtar case file.
func goldenSection(pipeline string) string { return "out/" + pipeline + ".kql" }

// runTxtar runs one txtar case file. With update, the pipeline's out/ section is
// rewritten (or added) with the current output.
func (c *Checker) runTxtar(name string, update bool) []Case {
	data, err := os.ReadFile(name)
	if err != nil {
		return []Case{loadFailure(name, err)}
	}
	a := txtar.Parse(data)
	ruleSrc, ok := section(a, ruleSection)
	if !ok {
		return []Case{loadFailure(name, fmt.Errorf("the archive has no -- %s -- section", ruleSection))}
	}
	rules, fails := parseRules(name+":"+ruleSection, ruleSrc, 0)
	if fails != nil {
		return fails
	}
	prepared := c.prepareAll(rules)
	var cases []Case
	if _, has := section(a, goldenSection(c.Pipeline.Name)); has || update {
		cases = append(cases, c.txtarGolden(name, a, prepared, update))
	}
	if testSrc, has := section(a, testsSection); has {
		cases = append(cases, c.eventCases(name, testSrc, sectionLine(data, testsSection), archiveEvents(name, a), prepared)...)
	}
	return cases
}

func (c *Checker) txtarGolden(name string, a *txtar.Archive, prepared []*Prepared, update bool) Case {
	sec := goldenSection(c.Pipeline.Name)
	cs := newCase(sec, KindGolden, diag.Pos{File: name})
	got := GoldenText(prepared)
	if update {
		setSection(a, sec, got)
		if err := writeFileAtomic(name, txtar.Format(a)); err != nil {
			cs.fail("%v", err)
		}
		return cs
	}
	want, _ := section(a, sec)
	if d := unifiedDiff(sec, "converted "+ruleSection, string(want), got); d != "" {
		cs.fail("the emitted KQL differs from section %s (run with -update to accept it):\n%s", sec, d)
	}
	return cs
}

func section(a *txtar.Archive, name string) ([]byte, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

func setSection(a *txtar.Archive, name, text string) {
	for i := range a.Files {
		if a.Files[i].Name == name {
			a.Files[i].Data = []byte(text)
			return
		}
	}
	a.Files = append(a.Files, txtar.File{Name: name, Data: []byte(text)})
}

// sectionLine returns the line of a section's "-- name --" marker, so positions
// inside the section (whose first line is the next one) become positions in the
// archive by adding it.
func sectionLine(data []byte, name string) int {
	marker := []byte("-- " + name + " --")
	for i, line := range bytes.Split(data, []byte("\n")) {
		if bytes.Equal(bytes.TrimSpace(line), marker) {
			return i + 1
		}
	}
	return 0
}

// archiveEvents opens event files from the archive's own sections.
func archiveEvents(name string, a *txtar.Archive) eventOpener {
	return func(path string) ([]*events.Event, diag.List) {
		data, ok := section(a, path)
		if !ok {
			return nil, diag.List{diag.Errorf(diag.Pos{File: name}, CodeBadTestFile, "the archive has no -- %s -- section", path)}
		}
		return events.Read(name+":"+path, data, events.DefaultLimits)
	}
}
