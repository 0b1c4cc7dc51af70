package passes

import (
	"sort"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// Pipeline is an ordered list of processing items that rewrite a rule for a
// target, plus the variables its placeholders may draw on. A pipeline is data:
// built-in ones are embedded YAML, user ones are pySigma processing-pipeline files,
// and both compile to the same items so that they compose.
type Pipeline struct {
	// Name identifies the pipeline in headers and reports.
	Name string
	// Priority orders pipelines in Compose: lower runs first, as in pySigma.
	Priority int
	// Description says what the pipeline is for.
	Description string
	// Vars holds values for |expand placeholders.
	Vars map[string][]string

	items   []item
	options []OptionInfo
}

// item is one processing step of a pipeline, applied in order to a rule's state.
type item interface {
	apply(s *state)
}

// Compose returns one pipeline running the items of pipes in priority order (lower
// first; pipelines of equal priority keep the order given). Vars merge, with a
// later pipeline's value winning.
func Compose(pipes ...*Pipeline) *Pipeline {
	ordered := append([]*Pipeline(nil), pipes...)
	sort.SliceStable(ordered, func(i, j int) bool { return ordered[i].Priority < ordered[j].Priority })
	out := &Pipeline{Vars: map[string][]string{}}
	var names []string
	for _, p := range ordered {
		names = append(names, p.Name)
		out.items = append(out.items, p.items...)
		out.options = append(out.options, p.options...)
		for k, v := range p.Vars {
			out.Vars[k] = v
		}
	}
	out.Name = strings.Join(names, "+")
	if len(ordered) > 0 {
		out.Priority = ordered[0].Priority
	}
	return out
}

// Options lists the settings the pipeline accepts (Options.Settings).
func (p *Pipeline) Options() []OptionInfo { return p.options }

// Apply rewrites a copy of rule through every item of the pipeline and returns
// the plan a backend prints. The input rule is never modified; errors in the plan's
// diagnostics mean the rule is unsupported, with the reason.
func (p *Pipeline) Apply(rule *ir.Rule, opts Options) *Plan {
	s := newState(rule, p, &opts)
	p.checkSettings(s)
	for _, it := range p.items {
		it.apply(s)
	}
	s.finish()
	return s.plan()
}

// checkSettings reports settings that no option of the pipeline accepts, so a
// typo never silently falls back to the default.
func (p *Pipeline) checkSettings(s *state) {
	for _, name := range sortedKeys(s.opts.Settings) {
		val := s.opts.Settings[name]
		opt, ok := p.option(name)
		switch {
		case !ok:
			s.diags.Errorf(diag.Pos{}, CodePipelineOption, "pipeline %s has no option %q", p.Name, name)
		case !opt.accepts(val):
			s.diags.Errorf(diag.Pos{}, CodePipelineOption, "option %s accepts %s, not %q", name, strings.Join(opt.Values, ", "), val)
		}
	}
}

func (p *Pipeline) option(name string) (OptionInfo, bool) {
	for _, o := range p.options {
		if o.Name == name {
			return o, true
		}
	}
	return OptionInfo{}, false
}

// setting returns the chosen value of a pipeline option, or its default.
func (s *state) setting(name string) string {
	if v, ok := s.opts.Settings[name]; ok {
		return v
	}
	if o, ok := s.pipeline.option(name); ok {
		return o.Default
	}
	return ""
}

// OptionInfo describes one setting a pipeline accepts.
type OptionInfo struct {
	Name    string   `yaml:"name" json:"name"`
	Default string   `yaml:"default" json:"default"`
	Values  []string `yaml:"values" json:"values"`
	Doc     string   `yaml:"doc" json:"doc"`
}

func (o OptionInfo) accepts(v string) bool {
	for _, a := range o.Values {
		if a == v {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
