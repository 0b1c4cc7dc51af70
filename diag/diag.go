// Package diag is the one diagnostic type shared by every phase of sigmakql: the
// Sigma front end, the passes and backends, the KQL parser and the schema checker all
// report problems as a Diagnostic with a stable kebab-case Code, so that the CLI, the
// MCP server and the golden tests can treat them alike and compare codes, never
// message strings.
package diag

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Severity orders diagnostics by how much they matter. Only errors fail a command.
type Severity int

const (
	Error   Severity = iota // the input cannot be used as written
	Warning                 // usable, but probably not what the author meant, or approximated
	Info                    // a remark that needs no action
)

var severityNames = [...]string{Error: "error", Warning: "warning", Info: "info"}

// String returns the lower-case name used in text, JSON and SARIF output.
func (s Severity) String() string {
	if s >= 0 && int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalJSON writes the severity by name so the JSON form is stable and readable.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads a severity written by MarshalJSON.
func (s *Severity) UnmarshalJSON(b []byte) error {
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		return err
	}
	for i, n := range severityNames {
		if n == name {
			*s = Severity(i)
			return nil
		}
	}
	return fmt.Errorf("diag: unknown severity %q", name)
}

// Code is a stable kebab-case identifier of a kind of diagnostic, such as
// "unknown-modifier". Callers and tests compare codes, never messages.
type Code string

// Pos is a position in a named file. Line and Col are 1-based; Col counts bytes.
// The zero Pos means "no position" and prints as the file name alone.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// String formats the position as file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	if b.Len() == 0 {
		return "-"
	}
	return b.String()
}

// Diagnostic is one finding about an input, located in a file.
type Diagnostic struct {
	Pos
	Severity    Severity `json:"severity"`
	Code        Code     `json:"code"`
	Message     string   `json:"message"`
	Suggestions []string `json:"suggestions"`
}

// MarshalJSON always writes suggestions as a list, never null, so consumers of the
// machine forms need no special case.
func (d Diagnostic) MarshalJSON() ([]byte, error) {
	type plain Diagnostic
	p := plain(d)
	if p.Suggestions == nil {
		p.Suggestions = []string{}
	}
	return json.Marshal(p)
}

// String formats the diagnostic as "file:line:col: severity: message [code]".
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message, d.Code)
}

// Error makes a Diagnostic usable as an error value.
func (d Diagnostic) Error() string { return d.String() }

// Errorf returns an error diagnostic at pos.
func Errorf(pos Pos, code Code, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Severity: Error, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Warnf returns a warning diagnostic at pos.
func Warnf(pos Pos, code Code, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Severity: Warning, Code: code, Message: fmt.Sprintf(format, args...)}
}

// List collects diagnostics. The zero List is empty and ready to use.
type List []Diagnostic

// Add appends diagnostics to the list.
func (l *List) Add(ds ...Diagnostic) { *l = append(*l, ds...) }

// Errorf appends an error diagnostic.
func (l *List) Errorf(pos Pos, code Code, format string, args ...any) {
	l.Add(Errorf(pos, code, format, args...))
}

// Warnf appends a warning diagnostic.
func (l *List) Warnf(pos Pos, code Code, format string, args ...any) {
	l.Add(Warnf(pos, code, format, args...))
}

// HasErrors reports whether any diagnostic in the list is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the error diagnostics.
func (l List) Errors() List { return l.filter(func(d Diagnostic) bool { return d.Severity == Error }) }

// Warnings returns only the warning diagnostics.
func (l List) Warnings() List {
	return l.filter(func(d Diagnostic) bool { return d.Severity == Warning })
}

func (l List) filter(keep func(Diagnostic) bool) List {
	var out List
	for _, d := range l {
		if keep(d) {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders the list by file, line, column, then severity and code, keeping the
// relative order of diagnostics at the same place otherwise.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Code < b.Code
	})
}

// Dedup removes diagnostics equal to an earlier one in every field but suggestions;
// the list should be sorted first. It returns the shortened list.
func (l List) Dedup() List {
	var out List
	for i, d := range l {
		if i > 0 {
			p := out[len(out)-1]
			if p.Pos == d.Pos && p.Severity == d.Severity && p.Code == d.Code && p.Message == d.Message {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

// Err returns the list as an error when it holds an error diagnostic, else nil.
func (l List) Err() error {
	if l.HasErrors() {
		return l
	}
	return nil
}

// Error joins the diagnostics one per line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// WithFile returns a copy of the list with every diagnostic that has no file name
// placed in file. Phases that parse text they did not read from disk (a condition
// string, a query) leave File empty and let the caller fill it.
func (l List) WithFile(file string) List {
	out := make(List, len(l))
	for i, d := range l {
		if d.File == "" {
			d.File = file
		}
		out[i] = d
	}
	return out
}
