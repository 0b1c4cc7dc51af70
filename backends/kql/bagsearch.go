package kql

import (
	"strings"

	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/passes"
)

// bagSeparator joins a bag's values into the text a keyword is searched in. A
// keyword without it cannot match across two values, so "contains" over the
// joined text holds exactly when one value contains the keyword.
const bagSeparator = "\n"

// bagValuesExpr is the text of every value of a dynamic bag column (WindowsEvent's
// EventData), one value per line, with each element of a list value on its own
// line; nested objects and lists are not searched. The query computes it before its where clause (printer.bagPrelude), so a
// keyword is searched in the event's values and never in their keys or in the
// bag's JSON text, where quotes and backslashes are escaped.
type bagValuesExpr struct{ bag string }

func (bagValuesExpr) isExpr() {}

// bagValuesName is the column the prelude computes for bag. Sigma… names are
// reserved for the backend's own columns.
func bagValuesName(bag string) string { return "SigmaValuesOf" + bag }

// isBagColumn reports whether a keyword column is a whole dynamic bag, whose values
// (not its JSON text) a keyword is searched in.
func isBagColumn(c passes.Column) bool { return c.Type == "dynamic" && len(c.Path) == 0 }

// bagKeyword is one keyword as a search of a bag's values. Only a plain substring
// can be searched exactly in the joined values: a pattern with inner wildcards
// could span two values, "*" alone would match an event whose values are all
// empty, and a keyword holding the separator could span the join.
func (b *builder) bagKeyword(c passes.Column, s *ir.String, parts []ir.Part, cased bool) expr {
	op, lit, ok := stringOperator(parts)
	if !ok || op != "contains" {
		b.diags.Errorf(s.At, CodeUnsupportedKeyword,
			"keyword %s needs a pattern search over the values of %s, which KQL cannot do exactly; only a plain substring can be searched there", s.String(), c.Name)
		return nil
	}
	if strings.Contains(lit, bagSeparator) {
		b.diags.Errorf(s.At, CodeUnsupportedKeyword,
			"keyword %s holds a line break, which separates the values of %s in the text searched", s.String(), c.Name)
		return nil
	}
	return b.stringTest(bagValuesExpr{bag: c.Name}, &ir.String{At: s.At, Parts: parts, Raw: s.Raw, Quoted: s.Quoted}, cased)
}

// bagsIn lists the bags whose values e searches, in order of first use.
func bagsIn(e expr) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(expr)
	walk = func(e expr) {
		switch e := e.(type) {
		case bagValuesExpr:
			if !seen[e.bag] {
				seen[e.bag] = true
				out = append(out, e.bag)
			}
		case binaryExpr:
			walk(e.left)
			walk(e.right)
		case callExpr:
			for _, a := range e.args {
				walk(a)
			}
		case inExpr:
			walk(e.left)
		case inQueryExpr:
			walk(e.left)
		case andExpr:
			for _, t := range e.terms {
				walk(t)
			}
		case orExpr:
			for _, t := range e.terms {
				walk(t)
			}
		case notExpr:
			walk(e.x)
		}
	}
	walk(e)
	return out
}

// bagPrelude prints, for each bag the where clause searches, the mv-apply that
// joins its values into one text column. The sub-query's summarize yields one row
// for every input row, even one whose bag is empty or null, so no row is lost
// before the where clause (a negated keyword still sees it). A list value is
// expanded into its elements; a scalar value is wrapped in a one-element list,
// since mv-expand is defined on lists and bags only. Nested objects and lists
// are left out rather than searched as JSON text, where a keyword could match
// a key or escaped text; passes.RowMapper.KeywordValues reads the same values.
func (p *printer) bagPrelude(bags []string, indent int) {
	for _, bag := range bags {
		col := quoteName(bag)
		value := col + "[SigmaKey]"
		p.newline(indent)
		p.write("| mv-apply SigmaKey = bag_keys(" + col + ") to typeof(string) on (")
		p.newline(indent + 1)
		p.write("mv-expand SigmaValue = iff(gettype(" + value + ") == \"array\", " + value + ", pack_array(" + value + "))")
		p.newline(indent + 1)
		p.write("| where gettype(SigmaValue) !in (\"array\", \"dictionary\")")
		p.newline(indent + 1)
		p.write("| summarize SigmaValues = make_list(tostring(SigmaValue))")
		p.newline(indent + 1)
		p.write("| project " + bagValuesName(bag) + " = strcat_array(SigmaValues, " + quoteString(bagSeparator) + "))")
	}
}

// bagEpilogue drops the computed text columns, so the query returns the table's
// own columns.
func (p *printer) bagEpilogue(bags []string, indent int) {
	if len(bags) == 0 {
		return
	}
	names := make([]string, len(bags))
	for i, bag := range bags {
		names[i] = bagValuesName(bag)
	}
	p.newline(indent)
	p.write("| project-away " + strings.Join(names, ", "))
}

// splitWhere parts a where clause into the and-terms that search no bag's values,
// which run first so the costly mv-apply sees only the rows they keep, and the
// rest. A clause that searches no bag is all before.
func splitWhere(e expr) (before, after expr) {
	if len(bagsIn(e)) == 0 {
		return e, nil
	}
	and, ok := e.(andExpr)
	if !ok {
		return nil, e
	}
	var pre, post []expr
	for _, t := range and.terms {
		if len(bagsIn(t)) == 0 {
			pre = append(pre, t)
		} else {
			post = append(post, t)
		}
	}
	return andOrNil(pre), andOrNil(post)
}

func andOrNil(terms []expr) expr {
	if len(terms) == 0 {
		return nil
	}
	return newAnd(terms...)
}
