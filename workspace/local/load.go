package local

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// MaxFileBytes bounds one data file LoadDir reads, so a dry-run over user data
// cannot exhaust memory before the engine's own row limit applies.
const MaxFileBytes = 256 << 20

// LoadDir adds the rows of every <Table>.json and <Table>.jsonl file in dir to
// the table of that name: a file holds a JSON array of objects, or objects
// one after another (JSON Lines). Tables take their columns from the schema.
func (w *Workspace) LoadDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || (ext != ".json" && ext != ".jsonl") {
			continue
		}
		objects, err := readObjects(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		if err := w.AddRows(strings.TrimSuffix(e.Name(), ext), objects); err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
	}
	return nil
}

// readObjects reads the JSON objects of one data file.
func readObjects(path string) ([]map[string]any, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > MaxFileBytes {
		return nil, fmt.Errorf("%s: %d bytes, more than the limit of %d", path, info.Size(), MaxFileBytes)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var objects []map[string]any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return objects, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: offset %d: %w", path, dec.InputOffset(), err)
		}
		switch v := v.(type) {
		case map[string]any:
			objects = append(objects, v)
		case []any:
			for _, e := range v {
				obj, ok := e.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("%s: an array element is not a JSON object", path)
				}
				objects = append(objects, obj)
			}
		default:
			return nil, fmt.Errorf("%s: offset %d: expected a JSON object or array", path, dec.InputOffset())
		}
	}
}
