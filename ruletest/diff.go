package ruletest

import (
	"fmt"
	"strings"
)

// diffContext is how many unchanged lines surround each change in a diff.
const diffContext = 3

// maxDiffCells bounds the line-by-line table a diff builds; larger inputs are
// shown as a whole replacement instead.
const maxDiffCells = 4 << 20

// unifiedDiff returns a unified diff (as diff -u prints it) turning want into
// got, or "" when they are equal.
func unifiedDiff(wantName, gotName, want, got string) string {
	if want == got {
		return ""
	}
	a, b := splitLines(want), splitLines(got)
	ops := diffLines(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", wantName, gotName)
	for _, h := range hunks(ops) {
		writeHunk(&out, ops[h[0]:h[1]])
	}
	return out.String()
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// diffOp is one line of the edit script: ' ' kept, '-' removed, '+' added, with
// the line numbers it has in each input (1-based).
type diffOp struct {
	kind         byte
	text         string
	aLine, bLine int
}

// diffLines computes a shortest edit script by longest common subsequence.
func diffLines(a, b []string) []diffOp {
	if len(a)*len(b) > maxDiffCells {
		return replaceAll(a, b)
	}
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []diffOp
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, diffOp{' ', a[i], i + 1, j + 1})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, diffOp{'-', a[i], i + 1, j})
			i++
		default:
			ops = append(ops, diffOp{'+', b[j], i, j + 1})
			j++
		}
	}
	return ops
}

func replaceAll(a, b []string) []diffOp {
	var ops []diffOp
	for i, l := range a {
		ops = append(ops, diffOp{'-', l, i + 1, 0})
	}
	for j, l := range b {
		ops = append(ops, diffOp{'+', l, len(a), j + 1})
	}
	return ops
}

// hunks groups the changes of ops with their context into [start, end) ranges.
func hunks(ops []diffOp) [][2]int {
	var out [][2]int
	for i := 0; i < len(ops); i++ {
		if ops[i].kind == ' ' {
			continue
		}
		start := max(i-diffContext, 0)
		end := min(i+1+diffContext, len(ops))
		if n := len(out); n > 0 && start <= out[n-1][1] {
			out[n-1][1] = end
		} else {
			out = append(out, [2]int{start, end})
		}
	}
	return out
}

func writeHunk(out *strings.Builder, ops []diffOp) {
	var aStart, bStart, aCount, bCount int
	for _, op := range ops {
		if op.kind != '+' {
			if aCount == 0 {
				aStart = op.aLine
			}
			aCount++
		}
		if op.kind != '-' {
			if bCount == 0 {
				bStart = op.bLine
			}
			bCount++
		}
	}
	if aCount == 0 {
		aStart = ops[0].aLine
	}
	if bCount == 0 {
		bStart = ops[0].bLine
	}
	fmt.Fprintf(out, "@@ -%d,%d +%d,%d @@\n", aStart, aCount, bStart, bCount)
	for _, op := range ops {
		out.WriteByte(op.kind)
		out.WriteString(op.text)
		if !strings.HasSuffix(op.text, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}
