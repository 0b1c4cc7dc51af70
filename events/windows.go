package events

import (
	"encoding/json"
	"fmt"
	"strings"
)

// attributesKey and textKey are how the XML-to-JSON rendering writes an element's
// attributes and its text when it also has attributes.
const (
	attributesKey = "#attributes"
	textKey       = "#text"
)

// windowsRecord recognises {"Event": {"System": {...}, ...}} and extracts its parts,
// or returns nil.
func windowsRecord(raw map[string]any) *WindowsRecord {
	event, ok := raw["Event"].(map[string]any)
	if !ok {
		return nil
	}
	system, ok := event["System"].(map[string]any)
	if !ok {
		return nil
	}
	rec := &WindowsRecord{System: system}
	rec.Data, rec.DataElement = dataFields(event)
	rec.Provider = textOf(attribute(system["Provider"], "Name"))
	rec.EventID = json.Number(textOf(elementText(system["EventID"])))
	rec.Channel = textOf(elementText(system["Channel"]))
	rec.Computer = textOf(elementText(system["Computer"]))
	return rec
}

// dataFields returns the event's data fields without attributes: EventData, or the
// fields of UserData's single child element (e.g. Operation_ClientFailure).
func dataFields(event map[string]any) (map[string]any, string) {
	if ed, ok := event["EventData"].(map[string]any); ok {
		if named, ok := namedData(ed["Data"]); ok && len(ed) <= 2 {
			return named, "EventData"
		}
		return withoutAttributes(ed), "EventData"
	}
	ud, ok := event["UserData"].(map[string]any)
	if !ok {
		return map[string]any{}, ""
	}
	for name, child := range ud {
		if name == attributesKey {
			continue
		}
		if m, ok := child.(map[string]any); ok {
			return withoutAttributes(m), "UserData"
		}
	}
	return withoutAttributes(ud), "UserData"
}

// namedData reads the other common XML-to-JSON rendering of EventData, a list of
// {"#attributes": {"Name": n}, "#text": v} elements (or one such element), as the
// map n → v. ok is false when data is not in that shape.
func namedData(data any) (map[string]any, bool) {
	items, isList := data.([]any)
	if !isList {
		if data == nil {
			return nil, false
		}
		items = []any{data}
	}
	out := make(map[string]any, len(items))
	for _, item := range items {
		name, ok := attribute(item, "Name").(string)
		if !ok {
			return nil, false
		}
		out[name] = elementText(item)
	}
	return out, true
}

func withoutAttributes(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != attributesKey {
			out[k] = v
		}
	}
	return out
}

// flattenWindows builds the field view a Sigma rule expects of a Windows event (Sigma
// specification, "Field Usage"): every System child by its element name (its text, or
// the scalar value), every System attribute as Element_Attribute (Provider_Name,
// Execution_ProcessID, TimeCreated_SystemTime, …), then the data fields, which win
// over a System field of the same name. A data field whose name has spaces ("Threat
// Name") is also reachable without them ("ThreatName"), as the specification asks
// rule authors to "strip all spaces" from such names.
func flattenWindows(rec *WindowsRecord) map[string]any {
	fields := make(map[string]any, len(rec.System)+len(rec.Data)+8)
	for name, v := range rec.System {
		m, isElement := v.(map[string]any)
		if !isElement {
			fields[name] = v
			continue
		}
		if text, ok := m[textKey]; ok {
			fields[name] = text
		}
		if attrs, ok := m[attributesKey].(map[string]any); ok {
			for a, av := range attrs {
				fields[name+"_"+a] = av
			}
		}
	}
	for k, v := range rec.Data {
		fields[k] = v
	}
	for k, v := range rec.Data {
		if stripped := strings.ReplaceAll(k, " ", ""); stripped != k {
			if _, taken := rec.Data[stripped]; !taken {
				fields[stripped] = v
			}
		}
	}
	return fields
}

// attribute returns the named XML attribute of an element, or nil.
func attribute(element any, name string) any {
	m, ok := element.(map[string]any)
	if !ok {
		return nil
	}
	attrs, ok := m[attributesKey].(map[string]any)
	if !ok {
		return nil
	}
	return attrs[name]
}

// elementText returns an element's value: the scalar itself, or its #text.
func elementText(element any) any {
	if m, ok := element.(map[string]any); ok {
		return m[textKey]
	}
	return element
}

// textOf renders a scalar JSON value as text; objects, lists and null give "".
func textOf(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return fmt.Sprint(t)
	}
	return ""
}
