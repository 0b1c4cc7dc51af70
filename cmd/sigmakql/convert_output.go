package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// convertSummary closes the -f json document.
type convertSummary struct {
	Rules       int `json:"rules"`
	Converted   int `json:"converted"`
	Unsupported int `json:"unsupported"`
	Queries     int `json:"queries"`
}

// writeResults prints results in the chosen format to stdout, the -o file, or one
// .kql file per rule in the -o directory. Files are written whole or not at all.
func writeResults(e *env, cfg *convertConfig, results []convertResult) error {
	if cfg.out != "" && isDirTarget(cfg.out) {
		if cfg.format != "kql" {
			return fmt.Errorf("-o %s is a directory; one file per rule needs -f kql", cfg.out)
		}
		return writeRuleFiles(cfg.out, results)
	}
	data, err := formatResults(cfg.format, results)
	if err != nil {
		return err
	}
	if cfg.out == "" {
		_, err = e.stdout.Write(data)
		return err
	}
	return writeFileAtomic(cfg.out, data)
}

// isDirTarget reports whether -o names a directory: an existing one, or a path
// ending in a separator.
func isDirTarget(out string) bool {
	if strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(os.PathSeparator)) {
		return true
	}
	info, err := os.Stat(out)
	return err == nil && info.IsDir()
}

func formatResults(format string, results []convertResult) ([]byte, error) {
	var buf bytes.Buffer
	switch format {
	case "jsonl":
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		for _, r := range results {
			if err := enc.Encode(r); err != nil {
				return nil, err
			}
		}
	case "json":
		doc := struct {
			Rules   []convertResult `json:"rules"`
			Summary convertSummary  `json:"summary"`
		}{Rules: results, Summary: summarize(results)}
		if doc.Rules == nil {
			doc.Rules = []convertResult{}
		}
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return nil, err
		}
	default:
		for _, r := range results {
			if !r.OK {
				continue
			}
			if buf.Len() > 0 {
				buf.WriteString("\n")
			}
			buf.WriteString(kqlText(r))
		}
	}
	return buf.Bytes(), nil
}

// kqlText is one rule's queries, separated by blank lines as Log Analytics
// separates queries.
func kqlText(r convertResult) string {
	return strings.Join(r.Queries, "\n\n") + "\n"
}

func summarize(results []convertResult) convertSummary {
	s := convertSummary{Rules: len(results)}
	for _, r := range results {
		if r.OK {
			s.Converted++
			s.Queries += len(r.Queries)
		} else {
			s.Unsupported++
		}
	}
	return s
}

// writeRuleFiles writes one .kql file per converted rule, named after its source
// file (with the document number for collections, and a counter on collisions).
func writeRuleFiles(dir string, results []convertResult) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	used := map[string]bool{}
	for _, r := range results {
		if !r.OK {
			continue
		}
		name := ruleFileName(r, used)
		if err := writeFileAtomic(filepath.Join(dir, name), []byte(kqlText(r))); err != nil {
			return err
		}
	}
	return nil
}

func ruleFileName(r convertResult, used map[string]bool) string {
	base := strings.TrimSuffix(filepath.Base(r.File), filepath.Ext(r.File))
	if r.Doc > 0 {
		base = fmt.Sprintf("%s-%d", base, r.Doc+1)
	}
	name := base + ".kql"
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s_%d.kql", base, i)
	}
	used[name] = true
	return name
}

// writeFileAtomic writes data to a temporary file beside path and renames it into
// place, so readers never see a partly written file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sigmakql-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return werr
}
