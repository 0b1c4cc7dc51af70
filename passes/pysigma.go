package passes

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"gopkg.in/yaml.v3"
)

// MaxPipelineBytes bounds the size of a user pipeline file; real pipelines are a
// few kilobytes.
const MaxPipelineBytes = 1 << 20

// loader reads one user pipeline file, collecting positioned diagnostics.
type loader struct {
	file  string
	diags diag.List
	at    *yaml.Node // the transformation being read, for "missing parameter"
}

func (l *loader) pos(n *yaml.Node) diag.Pos {
	if n == nil {
		n = l.at
	}
	if n == nil {
		return diag.Pos{File: l.file}
	}
	return diag.Pos{File: l.file, Line: n.Line, Col: n.Column}
}

func (l *loader) errorf(n *yaml.Node, format string, args ...any) {
	l.diags.Errorf(l.pos(n), CodeBadPipeline, format, args...)
}

// LoadPipeline reads a user pipeline in the pySigma processing-pipeline format
// (name, priority, vars, transformations with rule, field-name and detection-item
// conditions). Every problem is a diagnostic with file:line:col and code
// bad-pipeline; the pipeline is nil when there are errors.
func LoadPipeline(name string, src []byte) (*Pipeline, diag.List) {
	l := &loader{file: name}
	if len(src) > MaxPipelineBytes {
		l.diags.Errorf(diag.Pos{File: name}, CodeBadPipeline, "pipeline file is %d bytes, over the %d-byte limit", len(src), MaxPipelineBytes)
		return nil, l.diags
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
		l.diags.Errorf(yamlErrorPos(name, err), CodeBadPipeline, "pipeline file is not valid YAML: %v", err)
		return nil, l.diags
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		l.diags.Errorf(diag.Pos{File: name, Line: 1, Col: 1}, CodeBadPipeline, "a pipeline file must be a mapping with name, priority and transformations")
		return nil, l.diags
	}
	p := l.pipeline(doc.Content[0])
	if l.diags.HasErrors() {
		return nil, l.diags
	}
	return p, l.diags
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func yamlErrorPos(file string, err error) diag.Pos {
	p := diag.Pos{File: file}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
	}
	return p
}

func (l *loader) pipeline(root *yaml.Node) *Pipeline {
	p := &Pipeline{Name: l.file, Vars: map[string][]string{}}
	eachPair(root, func(k, v *yaml.Node) {
		switch k.Value {
		case "name":
			p.Name = l.scalar(v)
		case "priority":
			p.Priority = l.integer(v)
		case "vars":
			l.vars(v, p.Vars)
		case "transformations":
			for _, t := range l.sequence(v) {
				if it := l.item(t); it != nil {
					p.items = append(p.items, it)
				}
			}
		case "postprocessing", "finalizers", "allowed_backends":
			l.diags.Warnf(l.pos(k), CodeBadPipeline, "%s is ignored: sigmakql's KQL backend prints the query itself", k.Value)
		default:
			l.errorf(k, "unknown pipeline key %q (want name, priority, vars, transformations)", k.Value)
		}
	})
	return p
}

// eachPair calls fn for every key and value of a mapping node.
func eachPair(n *yaml.Node, fn func(k, v *yaml.Node)) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		fn(n.Content[i], n.Content[i+1])
	}
}

// scalar reads a single value; nil (a missing parameter, already reported)
// reads as "".
func (l *loader) scalar(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		l.errorf(n, "expected a single value")
		return ""
	}
	return n.Value
}

func (l *loader) integer(n *yaml.Node) int {
	i, err := strconv.Atoi(l.scalar(n))
	if err != nil {
		l.errorf(n, "expected an integer, got %q", n.Value)
	}
	return i
}

func (l *loader) boolean(n *yaml.Node) bool {
	var b bool
	if err := n.Decode(&b); err != nil {
		l.errorf(n, "expected true or false, got %q", n.Value)
	}
	return b
}

func (l *loader) sequence(n *yaml.Node) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		l.errorf(n, "expected a list")
		return nil
	}
	return n.Content
}

func (l *loader) mapping(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode {
		l.errorf(n, "expected a mapping")
		return false
	}
	return true
}

// strings reads a scalar or a list of scalars.
func (l *loader) strings(n *yaml.Node) []string {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for _, v := range l.sequence(n) {
		out = append(out, l.scalar(v))
	}
	return out
}

// stringMap reads a mapping of names to one or several strings.
func (l *loader) stringMap(n *yaml.Node) map[string][]string {
	out := map[string][]string{}
	if n == nil || !l.mapping(n) {
		return out
	}
	eachPair(n, func(k, v *yaml.Node) { out[k.Value] = l.strings(v) })
	return out
}

func (l *loader) vars(n *yaml.Node, into map[string][]string) {
	for k, v := range l.stringMap(n) {
		into[k] = v
	}
}

// regex compiles a pattern of the pipeline file (RE2 syntax).
func (l *loader) regex(n *yaml.Node) *regexp.Regexp {
	if n == nil {
		return nil
	}
	re, err := regexp.Compile(l.scalar(n))
	if err != nil {
		l.errorf(n, "invalid regular expression: %v", err)
		return nil
	}
	return re
}

func suggestOne(name string, known []string) string {
	best, bestD := "", 4
	for _, k := range known {
		if d := editDistance(name, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func knownList(m map[string]bool) string {
	return strings.Join(sortedKeys(m), ", ")
}
