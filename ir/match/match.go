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
	// missing string column reads as "": null matches "", and the empty string matches an absent
	// or null field. By default (the Sigma reading) null means absent or null only.
	EmptyIsNull bool
}

// Matcher is a rule compiled for matching; it is safe for concurrent use.
type Matcher struct {
	opts       Options
	searches   []*searchMatcher
	conditions []condition
}

// Result says why a rule matched or not.
type Result struct {
	Matched    bool            // some condition holds
	Conditions []bool          // per condition, in rule order
	Searches   map[string]bool // per search identifier
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
// condition naming an unknown search.
func Compile(rule *ir.Rule, opts Options) (*Matcher, error) {
	m := &Matcher{opts: opts}
	var diags diag.List
	index := map[string]int{}
	for i, s := range rule.Detection.Searches {
		sm, err := compileSearch(s, &m.opts)
		if err != nil {
			diags.Add(asDiagnostics(err)...)
			continue
		}
		index[s.Name] = i
		m.searches = append(m.searches, sm)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	for _, c := range rule.Detection.Conditions {
		cond, err := compileExpr(c.Expr, index)
		if err != nil {
			diags.Add(asDiagnostics(err)...)
			continue
		}
		m.conditions = append(m.conditions, cond)
	}
	if len(rule.Detection.Conditions) == 0 {
		diags.Errorf(rule.Detection.Pos, CodeUndefinedSearch, "rule has no condition")
	}
	return m, diags.Err()
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

// Match reports whether any condition of the rule holds for ev. When matching many
// rules against one event, pass Prepare(ev) so each field is read and folded once.
func (m *Matcher) Match(ev Event) bool {
	st := m.newState(ev)
	for _, c := range m.conditions {
		if c(st) {
			return true
		}
	}
	return false
}

// Explain evaluates every condition and every search for ev.
func (m *Matcher) Explain(ev Event) Result {
	st := m.newState(ev)
	r := Result{Searches: map[string]bool{}}
	for _, c := range m.conditions {
		ok := c(st)
		r.Conditions = append(r.Conditions, ok)
		r.Matched = r.Matched || ok
	}
	for i, s := range m.searches {
		r.Searches[s.name] = st.search(i)
	}
	return r
}

// state memoises search results for one event, since conditions may name a search
// more than once.
type state struct {
	m     *Matcher
	ev    *Prepared
	memo  []int8 // 0 unknown, 1 false, 2 true
	small [16]int8
}

func (m *Matcher) newState(ev Event) *state {
	st := &state{m: m, ev: Prepare(ev)}
	st.memo = st.small[:0]
	if n := len(m.searches); n <= len(st.small) {
		st.memo = st.small[:n]
	} else {
		st.memo = make([]int8, n)
	}
	return st
}

func (st *state) search(i int) bool {
	if st.memo[i] == 0 {
		st.memo[i] = 1
		if st.m.searches[i].eval(st.ev, &st.m.opts) {
			st.memo[i] = 2
		}
	}
	return st.memo[i] == 2
}
