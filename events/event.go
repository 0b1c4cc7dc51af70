// Package events reads raw log events for offline rule tests: the SigmaHQ regression
// rendering of Windows event log records ({"Event": {"System": …, "EventData": …}},
// XML attributes under "#attributes", several pretty-printed objects back to back),
// plain JSON objects and JSON lines. Reading is bounded (file size, event count,
// nesting depth) and bad input yields diagnostics with file:line:col, never a panic.
//
// A decoded Event keeps its JSON values typed (numbers stay json.Number, so their text
// is exactly as written) and answers Sigma field lookups: for Windows events the
// flattened view a Sigma rule expects (EventData fields, EventID, Channel,
// Provider_Name, …), and for every event dotted paths into the raw tree.
package events

import (
	"encoding/json"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
)

// Event is one decoded event. Values are JSON-shaped: string, json.Number, bool, nil,
// []any and map[string]any.
type Event struct {
	// Pos is where the event's JSON object starts in its file.
	Pos diag.Pos
	// Raw is the decoded object as written.
	Raw map[string]any
	// Windows is the record's structure when Raw is a Windows event log rendering,
	// and nil otherwise.
	Windows *WindowsRecord
	// fields is the flat Sigma view: for Windows records the flattened System and
	// EventData, otherwise Raw itself.
	fields map[string]any
}

// WindowsRecord exposes the parts of a Windows event log record that pipelines turn
// into table rows (for example a WindowsEvent row with Provider, EventID, Computer
// and EventData as a dynamic column).
type WindowsRecord struct {
	// System is the System element as decoded.
	System map[string]any
	// Data holds the event's data fields: the EventData element, or the fields of
	// the single child element of UserData. Attributes are left out.
	Data map[string]any
	// DataElement is "EventData" or "UserData"; "" when the record has neither.
	DataElement string
	// Provider is System.Provider's Name attribute, e.g. "Microsoft-Windows-Sysmon".
	Provider string
	// EventID is System.EventID as written (its #text when it carries attributes).
	EventID json.Number
	// Channel and Computer are the System fields of the same name.
	Channel  string
	Computer string
}

// New wraps a decoded JSON object as an Event, recognising the Windows rendering.
func New(raw map[string]any) *Event {
	ev := &Event{Raw: raw, fields: raw}
	if rec := windowsRecord(raw); rec != nil {
		ev.Windows = rec
		ev.fields = flattenWindows(rec)
	}
	return ev
}

// Fields returns the flat field view a Sigma rule sees. Callers must not modify it.
func (e *Event) Fields() map[string]any { return e.fields }

// Lookup returns the value of a Sigma field: a key of the flat view when one has
// exactly that name, otherwise a dotted path ("a.b.c") through the flat view, the
// Windows record's Event element ("EventData.Image", "System.Provider.#attributes.Name")
// or the raw tree ("Event.System.EventID"), where a list on the way applies the rest of
// the path to each element and the results are returned as a list. ok is false when nothing is found. A present JSON null returns
// (nil, true).
func (e *Event) Lookup(field string) (any, bool) {
	if v, ok := e.fields[field]; ok {
		return v, true
	}
	if !strings.Contains(field, ".") {
		return nil, false
	}
	if v, ok := lookupPath(e.fields, field); ok {
		return v, true
	}
	if e.Windows != nil {
		if inner, ok := e.Raw["Event"].(map[string]any); ok {
			if v, ok := lookupPath(inner, field); ok {
				return v, true
			}
		}
	}
	return lookupPath(e.Raw, field)
}

// Walk calls visit with every leaf value (not object or list) of the flat view, in
// no particular order, until visit returns false. Keyword searches use it: a keyword
// is found when some leaf's text contains it.
func (e *Event) Walk(visit func(v any) bool) {
	for _, v := range e.fields {
		if !WalkLeaves(v, visit) {
			return
		}
	}
}

// WalkLeaves calls visit with every leaf (not object or list) of a decoded JSON
// value, until visit returns false, and reports whether it ran to the end. It is
// exported for views that search only part of an event (ruletest's keyword scope).
func WalkLeaves(v any, visit func(any) bool) bool {
	switch t := v.(type) {
	case map[string]any:
		for _, c := range t {
			if !WalkLeaves(c, visit) {
				return false
			}
		}
		return true
	case []any:
		for _, c := range t {
			if !WalkLeaves(c, visit) {
				return false
			}
		}
		return true
	}
	return visit(v)
}

// lookupPath walks a dotted path. A list met on the way fans out: the rest of the
// path is applied to each element and every hit is collected into a list.
func lookupPath(root map[string]any, path string) (any, bool) {
	return walkPath(root, strings.Split(path, "."))
}

func walkPath(v any, keys []string) (any, bool) {
	if len(keys) == 0 {
		return v, true
	}
	switch t := v.(type) {
	case map[string]any:
		c, ok := t[keys[0]]
		if !ok {
			return nil, false
		}
		return walkPath(c, keys[1:])
	case []any:
		var hits []any
		for _, el := range t {
			if h, ok := walkPath(el, keys); ok {
				hits = append(hits, h)
			}
		}
		if len(hits) == 0 {
			return nil, false
		}
		return hits, true
	}
	return nil, false
}
