package parser

import (
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// lineSegment says where one source line of a multi-line scalar lands in its text.
type lineSegment struct {
	offset int      // byte offset in the scalar's text
	at     diag.Pos // where that byte was written
}

// scalarLines maps a multi-line plain or block scalar's text back to its source
// lines. yaml.v3 folds such scalars (a line break becomes a space or a newline and
// indentation disappears), so the condition parser's single-line positions are
// wrong after the first line. It returns nil when the text does not decompose
// cleanly (quoted scalars, blank lines, comments), leaving positions as they are.
func (p *docParser) scalarLines(n *yaml.Node, text string, first diag.Pos) []lineSegment {
	if n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0 {
		return nil
	}
	block := n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	lines := p.lines()
	var segs []lineSegment
	off := 0
	for li := first.Line - 1; li < len(lines) && off < len(text); li++ {
		content, col, ok := lineContent(strings.TrimRight(lines[li], "\r"), first.Col-1, li == first.Line-1, block)
		if !ok || content == "" || !strings.HasPrefix(text[off:], content) {
			return nil
		}
		segs = append(segs, lineSegment{offset: off, at: diag.Pos{File: first.File, Line: li + 1, Col: col + 1}})
		off += len(content)
		if strings.TrimSpace(text[off:]) == "" {
			break
		}
		if text[off] != ' ' && text[off] != '\n' {
			return nil
		}
		off++
	}
	if len(segs) < 2 {
		return nil
	}
	return segs
}

// lineContent returns the part of a source line that belongs to the scalar's text
// and its 0-based starting column. The first line starts at indent; later lines of
// a block scalar lose exactly the block's indentation, those of a plain scalar all
// leading white space.
func lineContent(line string, indent int, first, block bool) (string, int, bool) {
	switch {
	case first:
		if indent > len(line) {
			return "", 0, false
		}
		return strings.TrimRight(line[indent:], " \t"), indent, true
	case block:
		if len(line) < indent || strings.TrimSpace(line[:indent]) != "" {
			return "", 0, false
		}
		return strings.TrimRight(line[indent:], " \t"), indent, true
	}
	trimmed := strings.TrimLeft(line, " \t")
	return strings.TrimRight(trimmed, " \t"), len(line) - len(trimmed), true
}

// remap moves a position the condition parser computed as first plus a byte offset
// onto the source line that byte came from.
func remap(pos diag.Pos, first diag.Pos, segs []lineSegment) diag.Pos {
	if len(segs) == 0 || pos.Line != first.Line || pos.Col < first.Col {
		return pos
	}
	off := pos.Col - first.Col
	seg := segs[0]
	for _, s := range segs[1:] {
		if s.offset <= off {
			seg = s
		}
	}
	pos.Line, pos.Col = seg.at.Line, seg.at.Col+off-seg.offset
	return pos
}

// remapConditionPositions applies remap to the diagnostics and every node of a
// parsed multi-line condition.
func remapConditionPositions(e ir.Expr, ds diag.List, first diag.Pos, segs []lineSegment) {
	if len(segs) == 0 {
		return
	}
	for i := range ds {
		ds[i].Pos = remap(ds[i].Pos, first, segs)
	}
	remapExpr(e, first, segs)
}

func remapExpr(e ir.Expr, first diag.Pos, segs []lineSegment) {
	switch e := e.(type) {
	case *ir.Ident:
		e.At = remap(e.At, first, segs)
	case *ir.Of:
		e.At = remap(e.At, first, segs)
	case *ir.Not:
		e.At = remap(e.At, first, segs)
		remapExpr(e.X, first, segs)
	case *ir.And:
		e.At = remap(e.At, first, segs)
		for _, t := range e.Terms {
			remapExpr(t, first, segs)
		}
	case *ir.Or:
		e.At = remap(e.At, first, segs)
		for _, t := range e.Terms {
			remapExpr(t, first, segs)
		}
	}
}
