package tools

import (
	"bytes"
	"encoding/json"
)

// SampleEvent is one event passed inline to test_sigma_rule. It decodes numbers
// as json.Number, so a value keeps the text it was written with (4688, 0x10,
// 1e3), which is what Sigma compares.
type SampleEvent map[string]any

// UnmarshalJSON decodes an object, keeping numbers as written.
func (e *SampleEvent) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return err
	}
	*e = m
	return nil
}
