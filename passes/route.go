package passes

import (
	"strings"

	"github.com/sigmakql/sigmakql/ir"
)

// routeItem is the core of a built-in pipeline: it finds the first route whose
// logsource matches the rule and applies the first of its targets (allowed by the
// options) that can express the rule.
type routeItem struct {
	pipeline string
	routes   []*route
}

func (ri *routeItem) apply(s *state) {
	r := ri.find(s.logsource)
	switch {
	case r == nil:
		if s.table == "" {
			s.diags.Errorf(s.pos(), CodeUnsupportedLogsource, "pipeline %s has no table for logsource %s", ri.pipeline, describeLogsource(s.logsource))
		}
	case r.unsupported != "":
		if s.table == "" {
			s.diags.Errorf(s.pos(), CodeUnsupportedLogsource, "logsource %s is not supported by pipeline %s: %s", describeLogsource(s.logsource), ri.pipeline, r.unsupported)
		}
	default:
		ri.applyRoute(s, r)
	}
	s.logsourceDone = true
}

func (ri *routeItem) find(l ir.Logsource) *route {
	for _, r := range ri.routes {
		if r.match.matches(l) {
			return r
		}
	}
	return nil
}

// applyRoute tries the route's targets in order on a copy of the state and keeps
// the first that adds no error; when none succeeds, the first target's errors
// explain why.
func (ri *routeItem) applyRoute(s *state, r *route) {
	userTable := s.table
	before := len(s.diags.Errors())
	var first *state
	for _, t := range r.targets {
		if !t.enabled(s) {
			continue
		}
		f := s.fork()
		t.apply(f)
		if len(f.diags.Errors()) == before {
			if first != nil {
				f.diags.Warnf(s.pos(), CodeTableFallback, "%s; reading the same events from %s instead", first.diags.Errors()[before].Message, f.table)
			}
			*s = *f
			s.keepTable(userTable)
			return
		}
		if first == nil {
			first = f
		}
	}
	if first == nil {
		s.diags.Errorf(s.pos(), CodePipelineOption, "no table of pipeline %s is enabled for logsource %s by the chosen options", ri.pipeline, describeLogsource(s.logsource))
		return
	}
	*s = *first
	s.keepTable(userTable)
}

// keepTable restores a table that an earlier item (a user pipeline's
// set_state query_table) chose: the built-in pipeline still maps the fields.
func (s *state) keepTable(table string) {
	if table != "" {
		s.table = table
	}
}

func (t *target) enabled(s *state) bool {
	for name, vals := range t.when {
		if !contains(vals, s.setting(name)) {
			return false
		}
	}
	return true
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// matches reports whether every logsource field the match sets equals the rule's,
// ignoring case as Sigma does.
func (m logsourceMatch) matches(l ir.Logsource) bool {
	return fieldMatches(m.Product, l.Product) && fieldMatches(m.Category, l.Category) && fieldMatches(m.Service, l.Service)
}

func fieldMatches(want *string, got string) bool {
	return want == nil || strings.EqualFold(*want, got)
}

func (m logsourceMatch) logsource() ir.Logsource {
	return ir.Logsource{Product: deref(m.Product), Category: deref(m.Category), Service: deref(m.Service)}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// watchlistItem resolves every placeholder no value source fills to a query
// expression (e.g. a Sentinel watchlist) when its option is chosen.
type watchlistItem struct {
	spec watchlistSpec
}

func (w *watchlistItem) apply(s *state) {
	if s.setting(w.spec.Option) != w.spec.Value {
		return
	}
	for _, name := range placeholderNames(s.rule) {
		if _, ok := s.placeholderValues(name); ok {
			continue
		}
		if _, ok := s.qexprs[name]; !ok {
			s.qexprs[name] = expandExpression(w.spec.Expression, name)
		}
	}
}
