package ruletest

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/events"
)

// CodeBadTestFile: a *.tests.yml file (or a txtar tests.yml section) is not a
// valid list of event cases.
const CodeBadTestFile diag.Code = "bad-test-file"

// Limits of a test file, so that a hostile one cannot exhaust memory or stack.
const (
	maxTestFileBytes = 8 << 20
	maxTestCases     = 10_000
	maxEventDepth    = 64
	// maxEventNodes bounds the values one test file's events expand to, so that
	// YAML aliases nested in aliases cannot expand exponentially.
	maxEventNodes = 1_000_000
)

// EventCase is one expectation of a test file: the events it names must all
// match the rule (Match) or none may.
type EventCase struct {
	Name   string
	Match  bool
	Pos    diag.Pos
	Events []*events.Event
}

// TestFile is a parsed test file.
type TestFile struct {
	// Rule is the rule file the cases test, from the rule: key, relative to the
	// test file; "" means the rule beside it (rule.tests.yml tests rule.yml).
	Rule  string
	Cases []EventCase
}

// ParseTestFile reads a test file:
//
//	rule: ../rules/win_proc_certutil_download.yml   # optional
//	cases:
//	  - name: certutil fetches a payload
//	    match: true
//	    event: {Image: 'C:\Windows\System32\certutil.exe', CommandLine: '…'}
//	  - name: the recorded benign run
//	    match: false
//	    file: benign.json   # JSON or JSON lines, relative to the test file
//
// An event is written with the rule's Sigma field names, or as a Windows event
// log record ({"Event": {"System": …, "EventData": …}}). Problems are
// diagnostics with file:line:col.
func ParseTestFile(name string, src []byte) (*TestFile, diag.List) {
	var diags diag.List
	if len(src) > maxTestFileBytes {
		diags.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, CodeBadTestFile, "test file is larger than the limit of %d bytes", maxTestFileBytes)
		return nil, diags
	}
	return parseTests(name, src, 0, diskEvents(name))
}

// eventOpener reads the events of a file named in a case's file: key.
type eventOpener func(path string) ([]*events.Event, diag.List)

// diskEvents opens files relative to the test file's directory.
func diskEvents(testFile string) eventOpener {
	return func(path string) ([]*events.Event, diag.List) {
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(testFile), path)
		}
		return events.ReadFile(path, events.DefaultLimits)
	}
}

// parseTests parses a test file whose first line is line 1+lineOffset of the
// file called name (a txtar section starts after its marker line).
func parseTests(name string, src []byte, lineOffset int, open eventOpener) (*TestFile, diag.List) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, diag.List{diag.Errorf(diag.Pos{File: name, Line: 1 + lineOffset, Col: 1}, CodeBadTestFile, "%v", err)}
	}
	p := &testFileParser{name: name, lineOffset: lineOffset, open: open, budget: maxEventNodes}
	tf := p.file(&doc)
	p.diags.Sort()
	return tf, p.diags
}

type testFileParser struct {
	name       string
	lineOffset int
	open       eventOpener
	diags      diag.List
	budget     int // values the events may still expand to
}

func (p *testFileParser) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: p.name, Line: n.Line + p.lineOffset, Col: n.Column}
}

func (p *testFileParser) errorf(n *yaml.Node, format string, args ...any) {
	p.diags.Errorf(p.pos(n), CodeBadTestFile, format, args...)
}

func (p *testFileParser) file(doc *yaml.Node) *TestFile {
	tf := &TestFile{}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.diags.Errorf(diag.Pos{File: p.name, Line: 1 + p.lineOffset, Col: 1}, CodeBadTestFile, "test file is empty; want a mapping with a cases: list")
		return tf
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "test file must be a mapping with a cases: list")
		return tf
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "cases":
			tf.Cases = append(tf.Cases, p.caseList(val)...)
		case "rule":
			if val.Kind != yaml.ScalarNode || val.Value == "" {
				p.errorf(val, "rule must name the rule file the cases test")
			}
			tf.Rule = val.Value
		default:
			p.errorf(key, "unknown key %q; a test file holds rule: and cases:", key.Value)
		}
	}
	if tf.Cases == nil && !p.diags.HasErrors() {
		p.errorf(root, "test file has no cases")
	}
	return tf
}

func (p *testFileParser) caseList(n *yaml.Node) []EventCase {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "cases must be a list")
		return nil
	}
	if len(n.Content) > maxTestCases {
		p.errorf(n, "more than the limit of %d cases", maxTestCases)
		return nil
	}
	var out []EventCase
	for i, item := range n.Content {
		if c, ok := p.oneCase(item, i); ok {
			out = append(out, c)
		}
	}
	return out
}

// oneCase reads one case; ok is false when it has errors.
func (p *testFileParser) oneCase(n *yaml.Node, index int) (EventCase, bool) {
	c := EventCase{Name: fmt.Sprintf("case %d", index+1), Pos: p.pos(n)}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "a case must be a mapping with match: and event: or file:")
		return c, false
	}
	before := len(p.diags)
	var hasMatch bool
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		switch key.Value {
		case "name":
			c.Name = val.Value
		case "match":
			hasMatch = true
			p.boolean(val, &c.Match)
		case "event":
			c.Events = append(c.Events, p.event(val)...)
		case "file":
			c.Events = append(c.Events, p.eventFile(val)...)
		default:
			p.errorf(key, "unknown key %q in a case (want name, match, event, file)", key.Value)
		}
	}
	if !hasMatch {
		p.errorf(n, "%s has no match: true or match: false", c.Name)
	}
	if len(c.Events) == 0 && len(p.diags) == before {
		p.errorf(n, "%s has no event: or file:", c.Name)
	}
	return c, len(p.diags) == before
}

func (p *testFileParser) boolean(n *yaml.Node, out *bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(out) != nil {
		p.errorf(n, "match must be true or false")
	}
}

func (p *testFileParser) event(n *yaml.Node) []*events.Event {
	v, err := p.jsonValue(n, 0)
	if err != nil {
		p.errorf(n, "%v", err)
		return nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		p.errorf(n, "an event must be a mapping of field names to values")
		return nil
	}
	ev := events.New(obj)
	ev.Pos = p.pos(n)
	return []*events.Event{ev}
}

func (p *testFileParser) eventFile(n *yaml.Node) []*events.Event {
	if n.Kind != yaml.ScalarNode || n.Value == "" {
		p.errorf(n, "file must name a JSON or JSON lines file")
		return nil
	}
	evs, diags := p.open(n.Value)
	p.diags.Add(diags...)
	return evs
}

// jsonValue converts a YAML node into the JSON-shaped value events hold: numbers
// as json.Number, mappings as map[string]any.
func (p *testFileParser) jsonValue(n *yaml.Node, depth int) (any, error) {
	if depth > maxEventDepth {
		return nil, fmt.Errorf("event nests deeper than the limit of %d", maxEventDepth)
	}
	if p.budget--; p.budget < 0 {
		return nil, fmt.Errorf("events expand to more than the limit of %d values", maxEventNodes)
	}
	switch n.Kind {
	case yaml.AliasNode:
		return p.jsonValue(n.Alias, depth+1)
	case yaml.MappingNode:
		return p.jsonMapping(n, depth)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := p.jsonValue(c, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	return jsonScalar(n)
}

func (p *testFileParser) jsonMapping(n *yaml.Node, depth int) (any, error) {
	out := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: a field name must be a plain string", n.Content[i].Line)
		}
		v, err := p.jsonValue(n.Content[i+1], depth+1)
		if err != nil {
			return nil, err
		}
		out[n.Content[i].Value] = v
	}
	return out, nil
}

func jsonScalar(n *yaml.Node) (any, error) {
	switch n.Tag {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		err := n.Decode(&b)
		return b, err
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			return nil, fmt.Errorf("line %d: %v", n.Line, err)
		}
		return json.Number(strconv.FormatInt(i, 10)), nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, fmt.Errorf("line %d: %v", n.Line, err)
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("line %d: %s is not a JSON number", n.Line, n.Value)
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	}
	return n.Value, nil
}
