package kql

// expr is a node of the small KQL output tree the backend builds before printing.
// Building a tree instead of text keeps quoting in one place (the printer) and lets
// the constructors flatten boolean chains and merge equality lists.
type expr interface{ isExpr() }

// columnExpr reads a table column, or a member path inside a dynamic column.
// text marks a string column, which Kusto never leaves null (an absent value is
// the empty string); every other read may be null.
type columnExpr struct {
	name string
	path []string
	text bool
}

// stringLit is a string literal; the printer chooses its quoting.
type stringLit string

// numberLit is a numeric literal, already in KQL syntax.
type numberLit string

// boolLit is true or false.
type boolLit bool

// rowExpr is the whole row, "*", as the left side of a keyword search.
type rowExpr struct{}

// callExpr is a function call such as tostring(x) or isempty(x).
type callExpr struct {
	fn   string
	args []expr
}

// binaryExpr is "left op right" for comparison and string operators.
type binaryExpr struct {
	left  expr
	op    string
	right expr
}

// inExpr is "left op (items...)" for in, in~, !in and !in~.
type inExpr struct {
	left  expr
	op    string
	items []expr
}

// inQueryExpr is "left op (query)" where query is a tabular KQL expression given
// by the pipeline (for example a watchlist lookup), printed as is.
type inQueryExpr struct {
	left  expr
	op    string
	query string
}

// andExpr and orExpr hold two or more terms; notExpr negates one.
type (
	andExpr struct{ terms []expr }
	orExpr  struct{ terms []expr }
	notExpr struct{ x expr }
)

func (columnExpr) isExpr()  {}
func (stringLit) isExpr()   {}
func (numberLit) isExpr()   {}
func (boolLit) isExpr()     {}
func (rowExpr) isExpr()     {}
func (callExpr) isExpr()    {}
func (binaryExpr) isExpr()  {}
func (inExpr) isExpr()      {}
func (inQueryExpr) isExpr() {}
func (andExpr) isExpr()     {}
func (orExpr) isExpr()      {}
func (notExpr) isExpr()     {}

func call(fn string, args ...expr) expr { return callExpr{fn: fn, args: args} }

// newAnd joins terms with and, flattening nested ands so that printed queries
// never nest parentheses deeper than the condition itself does.
func newAnd(terms ...expr) expr {
	var flat []expr
	for _, t := range terms {
		if a, ok := t.(andExpr); ok {
			flat = append(flat, a.terms...)
		} else {
			flat = append(flat, t)
		}
	}
	if len(flat) == 1 {
		return flat[0]
	}
	return andExpr{terms: flat}
}

// newOr joins terms with or, flattening nested ors and merging equality tests of
// the same operand into one flat in list: a =~ "x" or a =~ "y" becomes
// a in~ ("x", "y").
func newOr(terms ...expr) expr {
	var flat []expr
	for _, t := range terms {
		if o, ok := t.(orExpr); ok {
			flat = append(flat, o.terms...)
		} else {
			flat = append(flat, t)
		}
	}
	flat = mergeEqualities(flat)
	if len(flat) == 1 {
		return flat[0]
	}
	return orExpr{terms: flat}
}

// listOps maps an equality operator to the list operator it merges into.
var listOps = map[string]string{"=~": "in~", "==": "in", "in~": "in~", "in": "in"}

// mergeEqualities merges equality and in tests on the same operand, keeping the
// position of the first one.
func mergeEqualities(terms []expr) []expr {
	out := make([]expr, 0, len(terms))
	type listKey struct{ op, operand string }
	var where map[listKey]int // index in out of the list for an operand
	for _, t := range terms {
		left, op, items, ok := equalityParts(t)
		if !ok {
			out = append(out, t)
			continue
		}
		if where == nil {
			where = map[listKey]int{}
		}
		key := listKey{listOps[op], operandKey(left)}
		if i, seen := where[key]; seen {
			prev := out[i].(inExpr)
			out[i] = inExpr{left: prev.left, op: prev.op, items: append(prev.items[:len(prev.items):len(prev.items)], items...)}
			continue
		}
		where[key] = len(out)
		if _, isIn := t.(inExpr); isIn {
			out = append(out, t)
		} else {
			out = append(out, inExpr{left: left, op: listOps[op], items: items})
		}
	}
	for i, t := range out {
		if in, ok := t.(inExpr); ok && len(in.items) == 1 {
			out[i] = binaryExpr{left: in.left, op: equalityOf[in.op], right: in.items[0]}
		}
	}
	return out
}

var equalityOf = map[string]string{"in~": "=~", "in": "=="}

// operandKey identifies an operand for merging; plain columns and converted
// members, the usual operands, avoid printing.
func operandKey(e expr) string {
	switch e := e.(type) {
	case columnExpr:
		if len(e.path) == 0 {
			return e.name
		}
	case callExpr:
		if c, ok := e.args[0].(columnExpr); ok && len(e.args) == 1 && len(c.path) == 1 {
			return e.fn + "(" + c.name + "." + c.path[0]
		}
	}
	return printExpr(e)
}

// equalityParts recognises a == x, a =~ x, a in (…) and a in~ (…).
func equalityParts(t expr) (left expr, op string, items []expr, ok bool) {
	switch t := t.(type) {
	case binaryExpr:
		if _, list := listOps[t.op]; list {
			return t.left, t.op, []expr{t.right}, true
		}
	case inExpr:
		if _, list := listOps[t.op]; list {
			return t.left, t.op, t.items, true
		}
	}
	return nil, "", nil, false
}

// neverNullCalls are functions that return a value for every input.
var neverNullCalls = map[string]bool{
	"tostring": true, "isempty": true, "isnotempty": true, "isnull": true, "isnotnull": true,
}

// mayBeNull reports whether e can evaluate to null. A where clause drops rows whose
// predicate is null, which is harmless for a positive test (null counts as false)
// but wrong under not(): not(null) is null, so negate must make such a predicate
// false first. Numbers, booleans, datetimes, dynamic members converted with
// tolong() and friends, and ipv4_is_in_range() on a text that is not an IPv4
// address are null where Sigma sees "does not match".
func mayBeNull(e expr) bool {
	switch e := e.(type) {
	case columnExpr:
		return !e.text
	case callExpr:
		if e.fn == "coalesce" {
			return mayBeNull(e.args[len(e.args)-1])
		}
		return !neverNullCalls[e.fn]
	case binaryExpr:
		return mayBeNull(e.left) || mayBeNull(e.right)
	case inExpr:
		return mayBeNull(e.left)
	case inQueryExpr:
		return mayBeNull(e.left)
	case andExpr:
		return anyMayBeNull(e.terms)
	case orExpr:
		return anyMayBeNull(e.terms)
	case notExpr:
		return mayBeNull(e.x)
	}
	return false
}

func anyMayBeNull(terms []expr) bool {
	for _, t := range terms {
		if mayBeNull(t) {
			return true
		}
	}
	return false
}
