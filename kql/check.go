package kql

import (
	"sort"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/sigmakql/sigmakql/diag"
)

// check finishes a parse in one pass over the tree: it decodes bracketed
// names, which the grammar captures with their quotes, trims each node's end
// to its last token, and reports what the grammar cannot express.
func check(q *Query, tokens []lexer.Token) diag.List {
	var diags diag.List
	Inspect(q, func(n Node) bool {
		trimEnd(n, tokens)
		switch n := n.(type) {
		case *Name:
			n.Value = unquoteName(n.Value)
		case *NamePattern:
			n.Value = unquoteName(n.Value)
		case *ColumnDecl:
			diags.Add(checkType(n, n.Type)...)
		case *Param:
			diags.Add(checkType(n, n.Type)...)
		case *ParseItem:
			diags.Add(checkType(n, n.Type)...)
		case *ExpandItem:
			diags.Add(checkType(n, n.ToType)...)
		case *TypedName:
			diags.Add(checkType(n, n.Type)...)
		case *WhereOp:
			if _, isName := n.Pred.(*NameRef); n.LegacyEq != nil && !isName {
				diags.Errorf(diagPos(n.LegacyEq.Start()), CodeSyntax, "'=' compares only a column name in where X = Y; use ==")
			} else if n.LegacyEq != nil {
				n.Pred = &Binary{Span: span(n.Pred.Start(), n.LegacyEq.End()), Op: "==", X: n.Pred, Y: n.LegacyEq}
				n.LegacyEq = nil
			}
		case *RenderOp:
			diags.Add(checkRenderProps(n)...)
		case *EvaluateOp:
			if _, ok := n.Plugin.(*Call); !ok {
				diags.Errorf(diagPos(n.Plugin.Start()), CodeSyntax, "evaluate needs a plugin call such as bag_unpack(x)")
			}
		}
		return true
	})
	return diags
}

// renderProps are the property names render accepts.
var renderProps = map[string]bool{
	"accumulate": true, "anomalycolumns": true, "kind": true, "legend": true, "series": true,
	"title": true, "xaxis": true, "xcolumn": true, "xtitle": true, "yaxis": true, "ycolumns": true,
	"ymax": true, "ymin": true, "ysplit": true, "ytitle": true, "panels": true, "xmin": true, "xmax": true,
}

func checkRenderProps(op *RenderOp) diag.List {
	var diags diag.List
	known := func(n *Name) {
		if n != nil && !renderProps[n.Value] {
			diags.Errorf(diagPos(n.Start()), CodeSyntax, "render has no property %q", n.Value)
		}
	}
	for _, w := range op.With {
		if len(w.Names) == 1 {
			known(w.Names[0])
		}
	}
	for _, p := range op.Legacy {
		known(p.Name)
	}
	return diags
}

// scalarTypes are the type names Kusto accepts in declarations, with aliases.
var scalarTypes = map[string]bool{
	"bool": true, "boolean": true, "int": true, "int8": true, "long": true, "int64": true,
	"real": true, "double": true, "decimal": true, "string": true, "datetime": true,
	"date": true, "timespan": true, "time": true, "guid": true, "uniqueid": true, "dynamic": true,
}

// checkType reports a declared type name that is not a Kusto scalar type.
func checkType(n Node, typ string) diag.List {
	if typ == "" || scalarTypes[typ] {
		return nil
	}
	var diags diag.List
	diags.Errorf(diagPos(n.Start()), CodeSyntax, "%q is not a type name (want string, long, int, real, bool, datetime, timespan, guid, dynamic or decimal)", typ)
	return diags
}

// trimEnd moves a node's EndPos back to the end of its last token: participle
// ends a node where the next token starts, which would include trailing
// spaces and comments.
func trimEnd(n Node, tokens []lexer.Token) {
	s, ok := n.(interface{ span() *Span })
	if !ok {
		return
	}
	sp := s.span()
	i := sort.Search(len(tokens), func(i int) bool { return tokens[i].Pos.Offset >= sp.EndPos.Offset })
	if i > 0 && tokens[i-1].Pos.Offset >= sp.Pos.Offset {
		sp.EndPos = tokenEnd(&tokens[i-1])
	}
}

// unquoteName strips the quotes the grammar keeps on a bracketed name.
func unquoteName(s string) string {
	if len(s) > 1 && (s[0] == '\'' || s[0] == '"') {
		return unquote(s)
	}
	return s
}
