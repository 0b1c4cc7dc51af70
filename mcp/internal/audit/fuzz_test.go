package audit

import (
	"encoding/json"
	"testing"
)

// FuzzSanitize feeds arbitrary argument bytes to the audit sanitizer: it must
// never panic, always produce JSON, and never copy a string of an array (such as
// an event value) into the log.
func FuzzSanitize(f *testing.F) {
	f.Add([]byte(`{"sigma_yaml":"title: x","events":[{"Image":"secret"}],"limit":3}`), false)
	f.Add([]byte(`{"table":"SecurityEvent","placeholders":{"a":["b"]}}`), true)
	f.Add([]byte(`[1,2`), false)
	f.Fuzz(func(t *testing.T, raw []byte, full bool) {
		out := Sanitize(raw, full)
		b, err := json.Marshal(out)
		if err != nil {
			t.Fatalf("sanitized params do not marshal: %v", err)
		}
		for k, v := range out {
			if _, isDigest := v.(Digest); !isDigest && len(raw) > 0 && raw[0] == '{' {
				var args map[string]json.RawMessage
				if json.Unmarshal(raw, &args) == nil {
					if a := args[k]; len(a) > 0 && (a[0] == '[' || a[0] == '{') {
						t.Fatalf("%s is a list or object but was logged as %s", k, b)
					}
				}
			}
		}
	})
}
