package match

import (
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// detection is a compiled detection section: named searches and the conditions over
// them, of a rule or of a meta filter.
type detection struct {
	searches   []*searchMatcher
	conditions []condition
}

func compileDetection(d *ir.Detection, opts *Options) (*detection, error) {
	det := &detection{}
	var diags diag.List
	index := map[string]int{}
	for _, s := range d.Searches {
		sm, err := compileSearch(s, opts)
		if err != nil {
			diags.Add(asDiagnostics(err)...)
			continue
		}
		index[s.Name] = len(det.searches)
		det.searches = append(det.searches, sm)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	for _, c := range d.Conditions {
		cond, err := compileExpr(c.Expr, index)
		if err != nil {
			diags.Add(asDiagnostics(err)...)
			continue
		}
		det.conditions = append(det.conditions, cond)
	}
	if len(d.Conditions) == 0 {
		diags.Errorf(d.Pos, CodeUndefinedSearch, "detection has no condition")
	}
	return det, diags.Err()
}

// holds reports whether any condition holds (Sigma rules specification: a list of
// conditions is OR-linked). It reuses the Prepared event's scratch state, so matching
// allocates nothing per rule.
func (d *detection) holds(ev *Prepared, opts *Options) bool {
	st := &ev.scratch
	st.reset(d, ev, opts, ev.memo(len(d.searches)))
	for _, c := range d.conditions {
		if c(st) {
			return true
		}
	}
	return false
}

// state memoises search results for one event, since conditions may name a search
// more than once.
type state struct {
	d    *detection
	ev   *Prepared
	opts *Options
	memo []int8 // 0 unknown, 1 false, 2 true
}

// newState returns a fresh state that does not share the event's scratch space.
func (d *detection) newState(ev *Prepared, opts *Options) *state {
	st := &state{}
	st.reset(d, ev, opts, make([]int8, len(d.searches)))
	return st
}

func (st *state) reset(d *detection, ev *Prepared, opts *Options, memo []int8) {
	st.d, st.ev, st.opts, st.memo = d, ev, opts, memo
}

func (st *state) search(i int) bool {
	if st.memo[i] == 0 {
		st.memo[i] = 1
		if st.d.searches[i].eval(st.ev, st.opts) {
			st.memo[i] = 2
		}
	}
	return st.memo[i] == 2
}
