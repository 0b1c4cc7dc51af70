package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// maxVerbatim bounds the length of any string the audit log copies verbatim.
const maxVerbatim = 256

// verbatimKeys are arguments that name things (tables, pipelines, paths) rather
// than carry content; they are short and useful to read in the log as written.
var verbatimKeys = map[string]bool{
	"pipeline": true, "target_table": true, "table": true, "name": true,
	"search": true, "sigma_path": true, "column": true,
}

// ruleTextKeys are arguments whose text is logged only with full auditing.
var ruleTextKeys = map[string]bool{"sigma_yaml": true, "query": true}

// Digest stands for a value the log must not copy: its size and SHA-256.
type Digest struct {
	Chars  int    `json:"chars,omitempty"`
	Count  *int   `json:"count,omitempty"`
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Sanitize reduces a tool call's arguments to what the audit log may hold: names
// verbatim, rule text verbatim only when full, and everything else (above all the
// events) as a Digest.
func Sanitize(raw json.RawMessage, full bool) map[string]any {
	if len(raw) == 0 {
		return nil
	}
	var args map[string]json.RawMessage
	if err := json.Unmarshal(raw, &args); err != nil {
		return map[string]any{"_unparsed": digest(raw)}
	}
	out := make(map[string]any, len(args))
	for k, v := range args {
		out[k] = sanitizeValue(k, v, full)
	}
	return out
}

func sanitizeValue(key string, v json.RawMessage, full bool) any {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return nil
	}
	switch v[0] {
	case '"':
		var s string
		if json.Unmarshal(v, &s) != nil {
			return digest(v)
		}
		if (verbatimKeys[key] && len(s) <= maxVerbatim) || (full && ruleTextKeys[key]) {
			return s
		}
		d := digest([]byte(s))
		d.Chars = len([]rune(s))
		return d
	case '[':
		var items []json.RawMessage
		d := digest(v)
		if json.Unmarshal(v, &items) == nil {
			n := len(items)
			d.Count = &n
		}
		return d
	case '{':
		return digest(v)
	default: // numbers, booleans and null carry no content worth hiding
		return json.RawMessage(v)
	}
}

func digest(b []byte) Digest {
	sum := sha256.Sum256(b)
	return Digest{Bytes: len(b), SHA256: hex.EncodeToString(sum[:])}
}

func sanitizePromptArgs(args map[string]string) map[string]any {
	if len(args) == 0 {
		return nil
	}
	out := make(map[string]any, len(args))
	for k, s := range args {
		if verbatimKeys[k] && len(s) <= maxVerbatim {
			out[k] = s
			continue
		}
		d := digest([]byte(s))
		d.Chars = len([]rune(s))
		out[k] = d
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Counts returns the length of every top-level list in a tool's structured
// output: how many queries, diagnostics, tables or verdicts came back, never what
// they hold.
func Counts(structured any) map[string]int {
	raw, ok := structured.(json.RawMessage)
	if !ok {
		b, err := json.Marshal(structured)
		if err != nil {
			return nil
		}
		raw = b
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return nil
	}
	counts := map[string]int{}
	for k, v := range fields {
		var items []json.RawMessage
		if len(v) > 0 && v[0] == '[' && json.Unmarshal(v, &items) == nil {
			counts[k] = len(items)
		}
	}
	if len(counts) == 0 {
		return nil
	}
	return counts
}
