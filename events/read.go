package events

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/sigmakql/sigmakql/diag"
)

// Diagnostic codes of the event reader.
const (
	CodeRead      diag.Code = "event-read"       // the file cannot be read
	CodeTooLarge  diag.Code = "event-too-large"  // the file exceeds Limits.MaxBytes
	CodeTooMany   diag.Code = "event-too-many"   // more events than Limits.MaxEvents
	CodeTooDeep   diag.Code = "event-too-deep"   // nesting beyond Limits.MaxDepth
	CodeSyntax    diag.Code = "event-syntax"     // not valid JSON
	CodeNotObject diag.Code = "event-not-object" // a top-level value is not an object
)

// Limits bound what one read may consume, so untrusted input cannot exhaust memory.
type Limits struct {
	MaxBytes  int64 // size of one file
	MaxEvents int   // events in one file
	MaxDepth  int   // nesting of objects and lists
}

// DefaultLimits suit test corpora and user samples: 64 MiB, 100,000 events, depth 64.
var DefaultLimits = Limits{MaxBytes: 64 << 20, MaxEvents: 100_000, MaxDepth: 64}

// ReadFile reads the events in a file; see Read.
func ReadFile(path string, lim Limits) ([]*Event, diag.List) {
	f, err := os.Open(path)
	if err != nil {
		return nil, diag.List{diag.Errorf(diag.Pos{File: path}, CodeRead, "%v", err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, lim.MaxBytes+1))
	if err != nil {
		return nil, diag.List{diag.Errorf(diag.Pos{File: path}, CodeRead, "%v", err)}
	}
	return Read(path, data, lim)
}

// Read decodes the events in data, named name in diagnostics. The input is a stream
// of JSON values separated by whitespace (one pretty-printed object after another, or
// JSON lines); a top-level list contributes each of its elements. Every event must be
// an object. On error the events decoded before it are returned with the diagnostics.
func Read(name string, data []byte, lim Limits) ([]*Event, diag.List) {
	r := &reader{name: name, data: data, lim: lim}
	if int64(len(data)) > lim.MaxBytes {
		return nil, r.errorAt(0, CodeTooLarge, "file is larger than the limit of %d bytes", lim.MaxBytes)
	}
	if off, ok := tooDeep(data, lim.MaxDepth); ok {
		return nil, r.errorAt(off, CodeTooDeep, "nesting deeper than the limit of %d", lim.MaxDepth)
	}
	return r.decodeAll()
}

type reader struct {
	name       string
	data       []byte
	lim        Limits
	lineStarts []int
	events     []*Event
}

func (r *reader) decodeAll() ([]*Event, diag.List) {
	body := bytes.TrimPrefix(r.data, []byte("\xef\xbb\xbf"))
	bomLen := len(r.data) - len(body)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	for {
		start := bomLen + skipSpace(body, int(dec.InputOffset()))
		var v any
		err := dec.Decode(&v)
		if err == io.EOF {
			return r.events, nil
		}
		if err != nil {
			return r.events, r.syntaxError(err, bomLen)
		}
		if diags := r.add(v, start); diags != nil {
			return r.events, diags
		}
	}
}

// add appends one top-level value: an object, or each object of a list.
func (r *reader) add(v any, start int) diag.List {
	items, isList := v.([]any)
	if !isList {
		items = []any{v}
	}
	for _, item := range items {
		obj, ok := item.(map[string]any)
		if !ok {
			return r.errorAt(start, CodeNotObject, "event is %s, want a JSON object", kindOf(item))
		}
		if len(r.events) >= r.lim.MaxEvents {
			return r.errorAt(start, CodeTooMany, "more than the limit of %d events", r.lim.MaxEvents)
		}
		ev := New(obj)
		ev.Pos = r.pos(start)
		r.events = append(r.events, ev)
	}
	return nil
}

func (r *reader) syntaxError(err error, base int) diag.List {
	off := len(r.data)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = base + int(se.Offset) - 1
	case errors.As(err, &te):
		off = base + int(te.Offset) - 1
	case errors.Is(err, io.ErrUnexpectedEOF):
		err = errors.New("unexpected end of input inside a JSON value")
	}
	return r.errorAt(max(off, 0), CodeSyntax, "invalid JSON: %v", err)
}

func (r *reader) errorAt(off int, code diag.Code, format string, args ...any) diag.List {
	return diag.List{diag.Errorf(r.pos(off), code, format, args...)}
}

// pos converts a byte offset into file:line:col (1-based, columns in bytes).
func (r *reader) pos(off int) diag.Pos {
	if r.lineStarts == nil {
		r.lineStarts = []int{0}
		for i, c := range r.data {
			if c == '\n' {
				r.lineStarts = append(r.lineStarts, i+1)
			}
		}
	}
	line := sort.Search(len(r.lineStarts), func(i int) bool { return r.lineStarts[i] > off }) - 1
	return diag.Pos{File: r.name, Line: line + 1, Col: off - r.lineStarts[line] + 1}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}

// tooDeep scans data for object or list nesting beyond max, outside strings, and
// returns the offset of the bracket that exceeds it. It runs before decoding so that
// deep input costs one linear pass and nothing more.
func tooDeep(data []byte, max int) (int, bool) {
	depth, inString, escaped := 0, false, false
	for i, c := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > max {
				return i, true
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return 0, false
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%T", v)
}
