package passes

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// route maps the rules of one logsource to the tables they may be read from.
type route struct {
	match       logsourceMatch
	unsupported string
	note        string
	targets     []*target
}

// target is one table a route reads, with everything needed to map a rule onto it.
type target struct {
	table     string
	when      map[string][]string
	conds     condList
	fields    map[string]string // Sigma field -> "Column" or "Column.member"
	dynamic   string            // other fields are members of this dynamic column
	allowed   map[string]bool   // with dynamic: the members the source emits; nil = any
	source    string            // who emits the members, for messages
	subfields map[string]subfieldSpec
	keywords  []string
	prefixes  []prefixRewrite
	valueMaps []valueMap
	arrays    []string // dynamic columns holding arrays: a member path cannot index them
	// unsupported makes the target an explicit "this source cannot" for the
	// options that enable it.
	unsupported string
}

// compileNative turns the embedded format into a Pipeline whose single routing
// item chooses the table, maps fields and adds conditions.
func compileNative(np *nativePipeline) (*Pipeline, error) {
	p := &Pipeline{Name: np.Name, Priority: np.Priority, Description: np.Description, options: np.Options}
	ri := &routeItem{pipeline: np.Name}
	for i, ls := range np.Logsources {
		r, err := compileRoute(np, ls)
		if err != nil {
			return nil, fmt.Errorf("%s: logsource %d (%s): %w", np.Name, i+1, describeMatch(ls.Match), err)
		}
		ri.routes = append(ri.routes, r)
	}
	p.items = append(p.items, ri)
	if np.Watchlists.Expression != "" {
		p.items = append(p.items, &watchlistItem{spec: np.Watchlists})
	}
	return p, nil
}

func compileRoute(np *nativePipeline, ls logsourceSpec) (*route, error) {
	if len(ls.Targets) == 0 && ls.Unsupported != "" {
		return &route{match: ls.Match, unsupported: ls.Unsupported, note: ls.Note}, nil
	}
	r := &route{match: ls.Match, note: ls.Note}
	specs := ls.Targets
	if len(specs) == 0 {
		specs = []targetSpec{ls.targetSpec}
	}
	for _, spec := range specs {
		t, err := compileTarget(np, spec)
		if err != nil {
			return nil, err
		}
		r.targets = append(r.targets, t)
	}
	return r, nil
}

func compileTarget(np *nativePipeline, spec targetSpec) (*target, error) {
	t := &target{table: spec.Table, when: spec.When, unsupported: spec.Unsupported}
	if spec.Unsupported != "" {
		return t, nil
	}
	subfields := spec.Subfields
	switch {
	case len(spec.Sysmon) > 0:
		t.table = "WindowsEvent"
		t.conds = condList{{Field: "Provider", Values: []any{"Microsoft-Windows-Sysmon"}}, {Field: "EventID", Values: ints(spec.Sysmon)}}
		t.source = "Sysmon event " + joinInts(spec.Sysmon)
		for _, id := range spec.Sysmon {
			spec.Fieldsets = append(spec.Fieldsets, "sysmon_"+strconv.Itoa(id))
		}
		if subfields == "" {
			subfields = "sysmon_hashes"
		}
	case len(spec.Channel) > 0:
		t.table = "WindowsEvent"
		t.conds = condList{{Field: "Channel", Values: strs(spec.Channel)}}
		t.source = "channel " + strings.Join(spec.Channel, ", ")
	}
	if len(spec.EventIDs) > 0 {
		t.conds = append(t.conds, condSpec{Field: "EventID", Values: ints(spec.EventIDs)})
	}
	t.conds = append(t.conds, spec.Condition...)
	if t.table == "" {
		return nil, fmt.Errorf("target has no table")
	}
	defaults := np.Tables[t.table]
	t.fields = mergeFields(defaults.Fields, spec.Fields)
	t.dynamic = firstNonEmpty(spec.Dynamic, defaults.Dynamic)
	t.prefixes = append(append([]prefixRewrite(nil), spec.Prefixes...), defaults.Prefixes...)
	t.valueMaps = append(append([]valueMap(nil), spec.ValueMaps...), defaults.ValueMaps...)
	t.arrays = append(append([]string(nil), spec.Arrays...), defaults.Arrays...)
	t.keywords = spec.Keywords
	if t.keywords == nil {
		t.keywords = defaults.Keywords
	}
	if err := t.allow(np, spec.Fieldsets); err != nil {
		return nil, err
	}
	if subfields != "" {
		t.subfields = np.Subfields[subfields]
	}
	return t, nil
}

// allow restricts the dynamic members to the union of the named field sets.
func (t *target) allow(np *nativePipeline, sets []string) error {
	if len(sets) == 0 {
		return nil
	}
	t.allowed = map[string]bool{}
	for _, name := range sets {
		fs, ok := np.Fieldsets[name]
		if !ok {
			return fmt.Errorf("unknown field set %q", name)
		}
		for _, f := range fs {
			t.allowed[f] = true
		}
	}
	return nil
}

func mergeFields(base, over map[string]string) map[string]string {
	out := make(map[string]string, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func ints(ids []int) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = int64(id)
	}
	return out
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func joinInts(ids []int) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.Itoa(id)
	}
	return strings.Join(parts, ", ")
}

func describeMatch(m logsourceMatch) string {
	return describeLogsource(m.logsource())
}

// fieldsOf lists a target's Sigma field names that map explicitly, sorted.
func (t *target) fieldNames() []string {
	names := make([]string, 0, len(t.fields))
	for f := range t.fields {
		names = append(names, f)
	}
	sort.Strings(names)
	return names
}
