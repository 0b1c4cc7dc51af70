package toolkit

import (
	"encoding/json"
	"testing"
)

// FuzzJSONDepth checks the byte scanner CheckArgumentSize relies on against the
// depth of the value encoding/json decodes from the same text.
func FuzzJSONDepth(f *testing.F) {
	for _, s := range []string{`{}`, `[[["x"]]]`, `{"a":"[[[","b":[{"c":"\"]"}]}`, `"\\"`, `[{"a":[1,{"b":{}}]}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var v any
		if json.Unmarshal(b, &v) != nil {
			jsonDepthExceeds(b, 3) // must not panic on anything
			return
		}
		d := valueDepth(v)
		for _, limit := range []int{0, 1, 2, 3, 8} {
			if got := jsonDepthExceeds(b, limit); got != (d > limit) {
				t.Fatalf("jsonDepthExceeds(%s, %d) = %v, but the depth is %d", b, limit, got, d)
			}
		}
	})
}

func valueDepth(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			d = max(d, valueDepth(e))
		}
		return d + 1
	case []any:
		for _, e := range x {
			d = max(d, valueDepth(e))
		}
		return d + 1
	}
	return 0
}
