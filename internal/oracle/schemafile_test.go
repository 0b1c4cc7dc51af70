package oracle

import (
	"encoding/json"
	"io"
	"os"
	"testing"
)

// fakeSchema stands in for *schema.Schema, which writes itself.
type fakeSchema string

func (s fakeSchema) WriteJSON(w io.Writer) error {
	_, err := io.WriteString(w, string(s))
	return err
}

func TestWriteSchema(t *testing.T) {
	cases := []struct {
		name   string
		schema any
		want   string
	}{
		{"value marshalled", map[string]any{"tables": map[string][][2]string{"T": {{"A", "string"}}}}, `{"tables":{"T":[["A","string"]]}}` + "\n"},
		{"raw JSON kept", json.RawMessage(`{"tables":{}}`), `{"tables":{}}` + "\n"},
		{"WriteJSON used", fakeSchema(`{"tables": {}}`), `{"tables": {}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := os.ReadFile(WriteSchema(t, c.schema))
			if err != nil {
				t.Fatal(err)
			}
			if string(data) != c.want {
				t.Errorf("schema file = %q, want %q", data, c.want)
			}
		})
	}
}
