package match

import (
	"errors"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// Diagnostic codes for rules the interpreter cannot run.
const (
	CodeInvalidValue          diag.Code = "invalid-match-value"    // a value the modifiers cannot apply to
	CodeUnresolvedPlaceholder diag.Code = "unresolved-placeholder" // %name% without values in Options
	CodeUnsupportedRegex      diag.Code = "unsupported-regex"      // a regex RE2 cannot compile
	CodeUndefinedSearch       diag.Code = "undefined-search"       // the condition names no such search
	CodeEmptySearch           diag.Code = "empty-search"           // a search or of-expression matches nothing by construction
)

// Event is what the interpreter reads an event through. events.Event implements it.
type Event interface {
	// Lookup returns the value of a Sigma field: a JSON-shaped value (string,
	// json.Number or another number type, bool, nil, []any, map[string]any). A list
	// means the field has several values; it matches when any element does. ok is
	// false when the field is absent; a present null is (nil, true).
	Lookup(field string) (value any, ok bool)
	// Walk calls visit with every leaf value of the event, for keyword searches,
	// until visit returns false.
	Walk(visit func(value any) bool)
}

// Options configure what the rule alone cannot say.
type Options struct {
	// Placeholders gives the values of %name% placeholders under the expand
	// modifier, each in Sigma string syntax (wildcards allowed). A placeholder the
	// rule uses and this map lacks makes Compile fail.
	Placeholders map[string][]string
	// EmptyIsNull makes absent, null and "" one value, as in Log Analytics where a
	// missing string column reads as "": null matches "", and the empty string
	// matches an absent or null field. By default (the Sigma reading) null means
	// absent or null only. A field holding "" is then absent for every test:
	// "*" does not match it, a fieldref to it never holds (the backend's
	// isnotempty guards), exists is false and keyword searches skip it.
	EmptyIsNull bool
	// Filters are Sigma meta filters; those that apply to the rule (by logsource
	// and rule reference) are AND-ed onto every condition, as pySigma does.
	Filters []*ir.Filter
}

// Matcher is a rule compiled for matching, with the meta filters that apply to it;
// it is safe for concurrent use.
type Matcher struct {
	opts    Options
	rule    *detection
	filters []*detection
}

// Result says why a rule matched or not.
type Result struct {
	Matched    bool            // some condition holds and every applied filter does
	Conditions []bool          // per rule condition, in rule order
	Searches   map[string]bool // per search identifier of the rule
	Filters    []bool          // per applied filter, in Options.Filters order
}

// Match compiles rule with zero Options and matches it against ev.
func Match(rule *ir.Rule, ev Event) (bool, error) {
	m, err := Compile(rule, Options{})
	if err != nil {
		return false, err
	}
	return m.Match(ev), nil
}

// Compile prepares rule for matching. It fails, with diagnostics located in the rule,
// when the rule uses something the interpreter cannot decide: an unresolved
// placeholder, a regex RE2 rejects, a value its modifiers cannot apply to, or a
// condition naming an unknown search. The meta filters in opts that apply to the
// rule are compiled with it.
func Compile(rule *ir.Rule, opts Options) (*Matcher, error) {
	m := &Matcher{opts: opts}
	var diags diag.List
	var err error
	if m.rule, err = compileDetection(&rule.Detection, &m.opts); err != nil {
		diags.Add(asDiagnostics(err)...)
	}
	for _, f := range opts.Filters {
		if !filterApplies(f, rule) {
			continue
		}
		d, err := compileDetection(&f.Detection, &m.opts)
		if err != nil {
			diags.Add(asDiagnostics(err)...)
		}
		m.filters = append(m.filters, d)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return m, nil
}

func asDiagnostics(err error) diag.List {
	var list diag.List
	if errors.As(err, &list) {
		return list
	}
	var d diag.Diagnostic
	if errors.As(err, &d) {
		return diag.List{d}
	}
	return diag.List{diag.Errorf(diag.Pos{}, CodeInvalidValue, "%v", err)}
}

// Match reports whether some condition of the rule holds for ev and every applied
// filter's condition does too. When matching many rules against one event, pass
// Prepare(ev) so each field is read and folded once.
func (m *Matcher) Match(ev Event) bool {
	p := Prepare(ev)
	if !m.rule.holds(p, &m.opts) {
		return false
	}
	for _, f := range m.filters {
		if !f.holds(p, &m.opts) {
			return false
		}
	}
	return true
}

// Explain evaluates every condition, search and filter for ev.
func (m *Matcher) Explain(ev Event) Result {
	p := Prepare(ev)
	st := m.rule.newState(p, &m.opts)
	r := Result{Searches: map[string]bool{}}
	for _, c := range m.rule.conditions {
		ok := c(st)
		r.Conditions = append(r.Conditions, ok)
		r.Matched = r.Matched || ok
	}
	for i, s := range m.rule.searches {
		r.Searches[s.name] = st.search(i)
	}
	for _, f := range m.filters {
		ok := f.holds(p, &m.opts)
		r.Filters = append(r.Filters, ok)
		r.Matched = r.Matched && ok
	}
	return r
}
