package oracle

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// jsonWriter is what *schema.Schema offers; oracle cannot import schema, whose
// own tests import oracle.
type jsonWriter interface{ WriteJSON(io.Writer) error }

// WriteSchema writes a schema for Options.Schema into tb's temporary directory
// and returns its path, so every test that gives the oracle a schema writes it
// the same way. The schema is either a value with a WriteJSON method (such as
// *schema.Schema) or any value encoding/json marshals into the oracle's
// schema format ({"database": …, "tables": {"T": [["Col", "type"], …]}, …}).
func WriteSchema(tb testing.TB, schema any) string {
	tb.Helper()
	var buf bytes.Buffer
	if w, ok := schema.(jsonWriter); ok {
		if err := w.WriteJSON(&buf); err != nil {
			tb.Fatal(err)
		}
	} else if err := json.NewEncoder(&buf).Encode(schema); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "schema.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}
