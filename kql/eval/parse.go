package eval

import (
	"regexp"
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// parse binds parse (and parse-where) in the default simple mode, as
// Microsoft Learn, "parse operator" describes it: the match is strict (every
// string constant must appear, in order, and the pattern covers the whole
// value, hence the usual trailing *), * skips lazily, a column captures up to
// the next constant (the last one takes the rest), and a row that does not
// match gets null columns (parse) or is dropped (parse-where). Typed columns
// are refused: their matching follows a per-type regular expression the page
// does not spell out exactly, and a capture-then-convert reading differs.
func (b *binder) parse(op *kql.ParseOp, in *tabPlan, sc *scope) (*tabPlan, error) {
	if len(op.Options) > 0 {
		return nil, unsupported(op, op.Keyword+" with kind or flags")
	}
	src, err := b.expr(op.X, in.cols, sc)
	if err != nil {
		return nil, err
	}
	re, cols, err := parsePattern(op.Pattern)
	if err != nil {
		return nil, err
	}
	out := append([]Column(nil), in.cols...)
	slots := make([]int, len(cols))
	for i, c := range cols {
		if slots[i] = indexOfColumn(out, c.Name); slots[i] < 0 {
			slots[i] = len(out)
			out = append(out, c)
		} else {
			out[slots[i]] = c
		}
	}
	keepMisses := op.Keyword == "parse"
	return rowsPlan(out, in, func(rs *runState, t *Table) (*Table, error) {
		res := &Table{Columns: out}
		f := &frame{run: rs}
		for _, row := range t.Rows {
			if err := rs.tick(); err != nil {
				return nil, err
			}
			f.row = row
			m := re.FindStringSubmatch(toStringValue(src.fn(f)))
			if m == nil && !keepMisses {
				continue
			}
			nr := make([]Value, len(out))
			copy(nr, row)
			for i, c := range cols {
				nr[slots[i]] = Null(c.Type)
				if m != nil {
					nr[slots[i]] = convertTo(String(m[i+1]), c.Type)
				}
			}
			res.Rows = append(res.Rows, nr)
		}
		return res, nil
	}), nil
}

// parsePattern turns a parse pattern into a regex and the columns it extracts.
func parsePattern(items []*kql.ParseItem) (*regexp.Regexp, []Column, error) {
	var expr strings.Builder
	var cols []Column
	expr.WriteString("^")
	for i, it := range items {
		switch {
		case it.Column != nil:
			if t, ok := ParseType(it.Type); it.Type != "" && (!ok || t != TypeString) {
				return nil, nil, errAt(it, CodeUnsupported, "parse into a %s column is not supported by the local engine", it.Type)
			}
			cols = append(cols, Column{Name: it.Column.Value, Type: TypeString})
			if i == len(items)-1 {
				expr.WriteString("(.*)")
			} else {
				expr.WriteString("(.*?)")
			}
		case it.Star:
			expr.WriteString("(?:.*?)")
		default:
			expr.WriteString(regexp.QuoteMeta(unquoteParseLiteral(it.Literal)))
		}
	}
	re, err := regexp.Compile("(?s)" + expr.String() + "$")
	if err != nil {
		return nil, nil, errAt(items[0], CodeBadArgument, "parse pattern: %v", err)
	}
	return re, cols, nil
}

// unquoteParseLiteral decodes a string token of a parse pattern.
func unquoteParseLiteral(s string) string {
	q, err := kqlUnquote(s)
	if err != nil {
		return s
	}
	return q
}
