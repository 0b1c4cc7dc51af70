package ruletest

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
)

// Status is a case's outcome.
type Status string

// Case outcomes.
const (
	Pass        Status = "pass"
	Fail        Status = "fail"
	Unsupported Status = "unsupported" // the pipeline cannot convert the rule; nothing was checked
)

// Kinds of cases.
const (
	KindGolden     = "golden"     // emitted KQL against the expected file
	KindEvent      = "event"      // one event that must or must not match
	KindRegression = "regression" // a SigmaHQ regression folder's positive events
	KindLoad       = "load"       // a file that could not be read or parsed
)

// Case is one checked expectation.
type Case struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Status  Status `json:"status"`
	Message string `json:"message,omitempty"`
}

func newCase(name, kind string, pos diag.Pos) Case {
	return Case{Name: name, Kind: kind, File: pos.File, Line: pos.Line, Col: pos.Col, Status: Pass}
}

func (c *Case) fail(format string, args ...any) {
	c.Status = Fail
	c.Message = fmt.Sprintf(format, args...)
}

// Report is the outcome of one test run with one pipeline.
type Report struct {
	Pipeline string
	Cases    []Case
}

// Failed reports whether any case failed.
func (r *Report) Failed() bool {
	for _, c := range r.Cases {
		if c.Status == Fail {
			return true
		}
	}
	return false
}

func (r *Report) count(s Status) int {
	n := 0
	for _, c := range r.Cases {
		if c.Status == s {
			n++
		}
	}
	return n
}

func (r *Report) with(s Status) []Case {
	out := []Case{}
	for _, c := range r.Cases {
		if c.Status == s {
			out = append(out, c)
		}
	}
	return out
}

// WriteText prints one line per failed or unsupported case (its message, such
// as a diff, follows indented) and a summary line. Regression cases are always
// listed, since their message counts the events each side matched; verbose
// lists the other passing cases too.
func (r *Report) WriteText(w io.Writer, verbose bool) error {
	var b strings.Builder
	for _, c := range r.Cases {
		if c.Status == Pass && !verbose && c.Kind != KindRegression {
			continue
		}
		fmt.Fprintf(&b, "%s: %s: %s %s", location(c), strings.ToUpper(string(c.Status)), c.Kind, c.Name)
		if c.Message != "" {
			fmt.Fprintf(&b, "\n    %s", strings.ReplaceAll(strings.TrimRight(c.Message, "\n"), "\n", "\n    "))
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%s: %d cases, %d passed, %d failed, %d unsupported\n", r.Pipeline, len(r.Cases), r.count(Pass), r.count(Fail), r.count(Unsupported))
	_, err := io.WriteString(w, b.String())
	return err
}

func location(c Case) string {
	switch {
	case c.Line > 0:
		return fmt.Sprintf("%s:%d:%d", c.File, c.Line, c.Col)
	case c.File != "":
		return c.File
	}
	return "-"
}

// jsonReport is the stable -f json form.
type jsonReport struct {
	Pipeline    string `json:"pipeline"`
	Cases       int    `json:"cases"`
	Passed      int    `json:"passed"`
	Failed      []Case `json:"failed"`
	Unsupported []Case `json:"unsupported"`
}

// WriteJSON prints {"pipeline","cases","passed","failed":[…],"unsupported":[…]}.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonReport{Pipeline: r.Pipeline, Cases: len(r.Cases), Passed: r.count(Pass), Failed: r.with(Fail), Unsupported: r.with(Unsupported)})
}

// JUnit XML, as CI systems read it (the Jenkins/Ant schema: testsuites >
// testsuite > testcase with failure or skipped).
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit prints the report as one JUnit test suite named after the pipeline;
// failed cases carry a failure, unsupported ones are skipped.
func (r *Report) WriteJUnit(w io.Writer) error {
	suite := junitSuite{Name: "sigmakql test " + r.Pipeline, Tests: len(r.Cases), Failures: r.count(Fail), Skipped: r.count(Unsupported)}
	for _, c := range r.Cases {
		jc := junitCase{Name: c.Kind + " " + c.Name, Classname: location(c)}
		first, _, _ := strings.Cut(c.Message, "\n")
		switch c.Status {
		case Fail:
			jc.Failure = &junitMessage{Message: first, Text: c.Message}
		case Unsupported:
			jc.Skipped = &junitMessage{Message: first}
		}
		suite.Cases = append(suite.Cases, jc)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junitSuites{Suites: []junitSuite{suite}}); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
