// Package kql is the KQL backend: it turns a pipeline's Plan (a rewritten Sigma
// rule, its table and how each field is read) into Microsoft Sentinel / Log
// Analytics queries with exactly the meaning of DESIGN §2. It builds a small output
// tree and prints it with one printer that owns quoting, so every string, regex and
// name is escaped in exactly one place. Whatever cannot be expressed exactly is an
// error diagnostic (the rule is unsupported, with the reason) or a warning, never a
// silently looser query.
package kql

import (
	"strings"
	"unicode"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/passes"
)

// Diagnostic codes of the KQL backend.
const (
	// CodeRegexFallback warns that a wildcard pattern is matched with a regex
	// (inner '*' or any '?'), which is exact but slower than the string operators.
	CodeRegexFallback diag.Code = "regex-fallback"
	// CodeUnsupportedRegex: a |re pattern uses a construct RE2 (Kusto's regex
	// engine) cannot run, such as look-around or back-references.
	CodeUnsupportedRegex diag.Code = "unsupported-regex"
	// CodeUnresolvedPlaceholder: an |expand placeholder has neither values nor a
	// query expression from the pipeline.
	CodeUnresolvedPlaceholder diag.Code = "unresolved-placeholder"
	// CodeUnmappedField: the Plan says nothing about how to read a field.
	CodeUnmappedField diag.Code = "unmapped-field"
	// CodeUnsupportedValue: a value cannot be compared exactly with its column or
	// written as a KQL literal.
	CodeUnsupportedValue diag.Code = "unsupported-value"
	// CodeUnsupportedKeyword: a keyword pattern cannot be searched for exactly.
	CodeUnsupportedKeyword diag.Code = "unsupported-keyword"
	// CodeInvalidCondition: a condition refers to a search that does not exist or
	// expands to nothing.
	CodeInvalidCondition diag.Code = "invalid-condition"
	// CodeQueryTooLarge: the rule compares more values than one query should hold.
	CodeQueryTooLarge diag.Code = "query-too-large"
)

// MaxValues bounds the values one rule may compare, summed over its field matches,
// so that no input makes the backend build an unbounded query.
const MaxValues = 100000

// Options change how queries are printed, never what they match.
type Options struct {
	// Header adds comment lines with the rule's title and id above each query.
	Header bool
	// Project adds "| project" of the rule's fields: list (Sigma "fields:"), each
	// read through the Plan's columns.
	Project bool
	// Correlation chooses how a correlation's timespan is matched: exact
	// sliding windows (the zero value) or fixed bins, which are cheaper but
	// miss events that straddle a bin boundary (warning correlation-window).
	// It is the one option that changes what a query matches, and only when
	// the user asks for bins.
	Correlation CorrelationWindows
}

// Convert returns one query per condition of plan's rule, and the diagnostics of
// the plan and of the conversion. When any diagnostic is an error the rule is
// unsupported and no query is returned; a plan that already has errors is not
// converted at all, so the pipeline's reasons are the ones reported. Modifier
// lowering (passes.LowerModifiers) runs here; it is idempotent, so a pipeline that
// already lowered does no harm.
func Convert(plan *passes.Plan, opts Options) (queries []string, diags diag.List) {
	b, wheres, diags := buildRule(plan)
	if diags.HasErrors() {
		return nil, diags
	}
	project := b.projection(opts)
	diags = finish(diags, b.diags)
	if diags.HasErrors() {
		return nil, diags
	}
	for _, w := range wheres {
		q := query{table: plan.Table, where: w, project: project}
		if opts.Header {
			q.header = header(b.rule)
		}
		queries = append(queries, printQuery(q, b.sizeHint()))
	}
	return queries, diags
}

// buildRule lowers the plan's rule and builds one where expression per
// condition. The builder is returned for what else the caller prints; its own
// diagnostics are already in diags.
func buildRule(plan *passes.Plan) (*builder, []expr, diag.List) {
	diags := append(diag.List(nil), plan.Diagnostics...)
	if diags.HasErrors() {
		return nil, nil, diags // the pipeline already says why the rule is unsupported
	}
	if plan.Rule == nil {
		diags.Errorf(diag.Pos{}, CodeInvalidCondition, "the plan holds no rule")
		return nil, nil, diags
	}
	rule, lowerDiags := passes.LowerModifiers(plan.Rule)
	diags.Add(lowerDiags...)
	b := &builder{plan: plan, rule: rule, searches: map[string]expr{}}
	var wheres []expr
	for _, c := range rule.Detection.Conditions {
		wheres = append(wheres, b.condition(c.Expr))
	}
	if len(rule.Detection.Conditions) == 0 {
		b.diags.Errorf(rule.Detection.Pos, CodeInvalidCondition, "the rule has no condition")
	}
	diags = finish(diags, b.diags)
	b.diags = nil
	return b, wheres, diags
}

// sizeHint estimates a printed query's length from the values it compares, so
// the printer rarely grows its buffer.
func (b *builder) sizeHint() int { return 256 + 48*b.values }

// finish adds more diagnostics, sorted and without duplicates.
func finish(diags, more diag.List) diag.List {
	diags = append(diags, more...)
	diags.Sort()
	return diags.Dedup()
}

// header returns the comment lines naming the rule; line breaks in the title are
// folded and control characters dropped, so a comment can never end early.
func header(rule *ir.Rule) []string {
	var lines []string
	if t := commentText(rule.Title); t != "" {
		lines = append(lines, t)
	}
	if id := commentText(rule.ID); id != "" {
		lines = append(lines, "id: "+id)
	}
	return lines
}

func commentText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// builder turns one lowered rule into output trees, collecting diagnostics.
type builder struct {
	plan     *passes.Plan
	rule     *ir.Rule
	searches map[string]expr // built search predicates, by name
	values   int             // values compared so far, against MaxValues
	diags    diag.List
}

// condition expands a condition expression over the rule's searches. Failed parts
// yield nil; the caller sees the errors in b.diags.
func (b *builder) condition(e ir.Expr) expr {
	switch e := e.(type) {
	case nil:
		b.diags.Errorf(b.rule.Detection.Pos, CodeInvalidCondition, "a condition of the rule could not be parsed")
		return nil
	case *ir.Ident:
		return b.searchByName(e.Name, e.At)
	case *ir.Not:
		return negate(b.condition(e.X))
	case *ir.And:
		return newAnd(b.conditions(e.Terms)...)
	case *ir.Or:
		return newOr(b.conditions(e.Terms)...)
	case *ir.Of:
		return b.quantified(e)
	}
	b.diags.Errorf(e.Position(), CodeInvalidCondition, "unknown condition expression %s", e.String())
	return nil
}

func (b *builder) conditions(es []ir.Expr) []expr {
	out := make([]expr, len(es))
	for i, e := range es {
		out[i] = b.condition(e)
	}
	return out
}

func (b *builder) quantified(e *ir.Of) expr {
	if len(e.Names) == 0 {
		b.diags.Errorf(e.At, CodeInvalidCondition, "%q matches no search identifier", e.String())
		return nil
	}
	terms := make([]expr, len(e.Names))
	for i, name := range e.Names {
		terms[i] = b.searchByName(name, e.At)
	}
	if e.Quant == ir.AllOf {
		return newAnd(terms...)
	}
	return newOr(terms...)
}

func (b *builder) searchByName(name string, at ir.Pos) expr {
	if x, ok := b.searches[name]; ok {
		return x
	}
	s := b.rule.Detection.Search(name)
	if s == nil {
		b.diags.Errorf(at, CodeInvalidCondition, "the condition refers to %q, which is not a search of the rule", name)
		return nil
	}
	x := b.search(s)
	b.searches[name] = x
	return x
}

// search is the OR of a search's alternatives, each the AND of its field matches.
func (b *builder) search(s *ir.Search) expr {
	if len(s.Alternatives) == 0 {
		b.diags.Errorf(s.Pos, CodeInvalidCondition, "search %q is empty", s.Name)
		return nil
	}
	alts := make([]expr, len(s.Alternatives))
	for i, g := range s.Alternatives {
		if len(g.Matches) == 0 {
			b.diags.Errorf(g.Pos, CodeInvalidCondition, "search %q has an empty map", s.Name)
			continue
		}
		terms := make([]expr, len(g.Matches))
		for j, m := range g.Matches {
			terms[j] = b.fieldMatch(m)
		}
		alts[i] = newAnd(terms...)
	}
	return newOr(alts...)
}

// negate returns not(x), turning a single equality or string test into its
// negated operator so the output stays readable. A predicate that may be null is
// negated as not(coalesce(x, false)), so a row whose value is missing or not
// convertible still passes "not selection", as in Sigma.
func negate(x expr) expr {
	if n, ok := x.(notExpr); ok {
		return n.x
	}
	if o, ok := x.(orExpr); ok {
		terms := make([]expr, len(o.terms))
		for i, t := range o.terms {
			terms[i] = negate(t)
		}
		return newAnd(terms...) // De Morgan keeps the chain flat
	}
	if mayBeNull(x) {
		return notExpr{x: call("coalesce", x, boolLit(false))}
	}
	if bin, ok := x.(binaryExpr); ok && bin.left == (rowExpr{}) {
		return notExpr{x: x} // "* !contains" would not mean "no column contains"
	}
	if c, ok := x.(callExpr); ok {
		if fn, ok := negatedCalls[c.fn]; ok {
			return callExpr{fn: fn, args: c.args}
		}
	}
	if bin, ok := x.(binaryExpr); ok {
		if op, ok := negatedOps[bin.op]; ok {
			return binaryExpr{left: bin.left, op: op, right: bin.right}
		}
	}
	if in, ok := x.(inExpr); ok {
		if op, ok := negatedOps[in.op]; ok {
			return inExpr{left: in.left, op: op, items: in.items}
		}
	}
	return notExpr{x: x}
}

// negatedOps pairs operators with their KQL negation. Only operators whose
// negation is the exact complement are listed.
var negatedOps = map[string]string{
	"=~": "!~", "==": "!=", "in~": "!in~", "in": "!in",
	"contains": "!contains", "contains_cs": "!contains_cs",
	"startswith": "!startswith", "startswith_cs": "!startswith_cs",
	"endswith": "!endswith", "endswith_cs": "!endswith_cs",
}

// negatedCalls pairs the emptiness tests with their complements.
var negatedCalls = map[string]string{
	"isempty": "isnotempty", "isnotempty": "isempty", "isnull": "isnotnull", "isnotnull": "isnull",
}

// projection builds the project clause for the rule's fields when asked; fields the
// Plan cannot read are left out with a warning.
func (b *builder) projection(opts Options) []projection {
	if !opts.Project {
		return nil
	}
	var out []projection
	seen := map[string]bool{}
	for _, f := range b.rule.Fields {
		c, ok := b.plan.Columns[f]
		if !ok {
			b.diags.Warnf(b.rule.Pos, CodeUnmappedField, "field %q of fields: has no column in %s; it is not projected", f, b.plan.Table)
			continue
		}
		if seen[f] {
			continue
		}
		seen[f] = true
		if len(c.Path) == 0 && c.Name == f {
			out = append(out, projection{name: f})
		} else {
			out = append(out, projection{name: f, value: readColumn(c)})
		}
	}
	return out
}
