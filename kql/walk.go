package kql

// Visitor's Visit is called for each node by Walk, as in go/ast: if it returns
// a non-nil visitor w, Walk visits the node's children with w, then calls
// w.Visit(nil).
type Visitor interface {
	Visit(node Node) (w Visitor)
}

// Walk traverses the tree rooted at node in source order.
func Walk(v Visitor, node Node) {
	if v = v.Visit(node); v == nil {
		return
	}
	eachChild(node, func(child Node) { Walk(v, child) })
	v.Visit(nil)
}

type inspector func(Node) bool

func (f inspector) Visit(node Node) Visitor {
	if f(node) {
		return f
	}
	return nil
}

// Inspect traverses the tree rooted at node in source order, calling f for
// each node and then f(nil) after its children; f returns false to skip the
// children of a node.
func Inspect(node Node, f func(Node) bool) {
	Walk(inspector(f), node)
}

// eachChild calls f for each direct child of n that is present, in source order.
func eachChild(n Node, f func(Node)) {
	c := children{f}
	switch n := n.(type) {
	case *Query:
		c.stmts(n.Statements)
	case *FuncBody:
		c.stmts(n.Statements)
	case *LetStmt:
		c.node(n.Name)
		if n.Func != nil {
			c.node(n.Func)
		} else {
			c.node(n.Value)
		}
	case *FuncDef:
		for _, p := range n.Params {
			c.node(p)
		}
		c.node(n.Body)
	case *Param:
		c.node(n.Name)
		for _, col := range n.Columns {
			c.node(col)
		}
		c.expr(n.Default)
	case *ColumnDecl:
		if n.Name != nil {
			c.node(n.Name)
		}
	case *SetStmt:
		c.expr(n.Value)
	case *DeclareStmt:
		for _, p := range n.Params {
			c.node(p)
		}
	case *AliasStmt:
		c.node(n.Name)
		c.expr(n.Target)
	case *CommandStmt:
	case *ExprStmt:
		c.node(n.Pipe)
	case *Pipeline:
		c.node(n.Source)
		c.ops(n.Ops)
	case *SubPipeline:
		c.ops(n.Ops)
	case *NamedExpr:
		for _, name := range n.Names {
			c.node(name)
		}
		c.expr(n.X)
	case *DynamicLit:
		c.node(n.Value)
	case *DynamicValue:
		c.expr(n.Scalar)
		for _, v := range n.Array {
			c.node(v)
		}
		for _, fld := range n.Bag {
			c.node(fld)
		}
	case *DynamicField:
		c.node(n.Value)
	default:
		if !eachSourceChild(n, c) && !eachOpChild(n, c) {
			eachExprChild(n, c)
		}
	}
}

// children adapts a callback to the shapes of child lists, skipping nils.
type children struct{ f func(Node) }

func (c children) node(n Node) {
	if n != nil && !isNilNode(n) {
		c.f(n)
	}
}

func (c children) expr(x Expr) {
	if x != nil && !isNilNode(x) {
		c.f(x)
	}
}

func (c children) exprs(xs []Expr) {
	for _, x := range xs {
		c.expr(x)
	}
}

func (c children) named(xs []*NamedExpr) {
	for _, x := range xs {
		c.node(x)
	}
}

func (c children) options(os []*Option) {
	for _, o := range os {
		c.node(o)
	}
}

func (c children) stmts(ss []Statement) {
	for _, s := range ss {
		c.node(s)
	}
}

func (c children) ops(ops []Operator) {
	for _, op := range ops {
		c.node(op)
	}
}

func (c children) decls(ds []*ColumnDecl) {
	for _, d := range ds {
		c.node(d)
	}
}

// isNilNode catches typed nil pointers stored in interfaces.
func isNilNode(n Node) bool {
	switch n := n.(type) {
	case *Name:
		return n == nil
	case *Pipeline:
		return n == nil
	case *SubPipeline:
		return n == nil
	case *FuncDef:
		return n == nil
	case *FuncBody:
		return n == nil
	case *DynamicValue:
		return n == nil
	case *NamedExpr:
		return n == nil
	}
	return false
}

func eachSourceChild(n Node, c children) bool {
	switch n := n.(type) {
	case *ExprSource:
		c.expr(n.X)
	case *DatatableSource:
		c.decls(n.Columns)
		c.exprs(n.Values)
	case *ExternalDataSource:
		c.decls(n.Columns)
		c.exprs(n.URLs)
		c.named(n.With)
	case *PrintSource:
		c.named(n.Columns)
	case *RangeSource:
		c.node(n.Column)
		c.expr(n.From)
		c.expr(n.To)
		c.expr(n.Step)
	default:
		return false
	}
	return true
}

func eachExprChild(n Node, c children) {
	switch n := n.(type) {
	case *Call:
		c.expr(n.Receiver)
		c.exprs(n.Args)
	case *Binary:
		c.expr(n.X)
		c.expr(n.Y)
	case *Unary:
		c.expr(n.X)
	case *InExpr:
		c.expr(n.X)
		c.exprs(n.List)
	case *Between:
		c.expr(n.X)
		c.expr(n.Lo)
		c.expr(n.Hi)
	case *Member:
		c.expr(n.X)
	case *Index:
		c.expr(n.X)
		c.expr(n.Index)
	case *Paren:
		c.expr(n.X)
	case *NamedArg:
		c.expr(n.X)
	case *TabularExpr:
		c.node(n.Pipe)
	}
}
