package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/sigmakql/sigmakql/kql"
	"github.com/sigmakql/sigmakql/schema"
)

func init() {
	register(&command{
		name:    "validate",
		usage:   "validate [--table T] [--schema FILE] [--add-schema FILE]... [-f text|json] [--jsonl] (--query Q | FILE | -)",
		summary: "Check KQL queries against the Log Analytics / Defender XDR table schemas: unknown tables, columns and functions, with suggestions.",
		run:     runValidate,
	})
}

// maxJSONLLine bounds one line of --jsonl input: a query at kql's size limit,
// JSON-escaped, fits.
const maxJSONLLine = 8 * kql.MaxQueryBytes

// validateFlags are the options of the validate command.
type validateFlags struct {
	table, schemaFile, format, query string
	addSchemas                       listFlag
	jsonl                            bool
}

// runValidate validates one query (from --query, a file or stdin) or, with
// --jsonl, one query per input line. Exit 1 when any query is invalid.
func runValidate(e *env, args []string) int {
	c := commands["validate"]
	fs := newFlagSet(e, c)
	var f validateFlags
	fs.StringVar(&f.table, "table", "", "table that a query starting with '|' reads")
	fs.StringVar(&f.schemaFile, "schema", "", "validate against this schema JSON (tables and stored functions) instead of the embedded snapshot")
	fs.Var(&f.addSchemas, "add-schema", "schema JSON merged over the snapshot, e.g. custom _CL tables (repeatable)")
	fs.StringVar(&f.format, "f", "text", "output format: text or json")
	fs.StringVar(&f.query, "query", "", "the query text to validate")
	fs.BoolVar(&f.jsonl, "jsonl", false, `batch mode: read {"id","query"} lines, print one result object per line`)
	if code, ok := parseFlags(e, c, fs, args); !ok {
		return code
	}
	rest, err := interspersedArgs(fs)
	if err != nil {
		return exitUsage
	}
	if f.format != "text" && f.format != "json" || len(rest) > 1 || (f.query != "") == (len(rest) == 1) && !f.jsonl {
		fmt.Fprintln(e.stderr, "sigmakql validate: give exactly one of --query Q, FILE or -, and -f text or json")
		fs.Usage()
		return exitUsage
	}
	s, err := loadSchemas(f.schemaFile, f.addSchemas.values)
	if err != nil {
		fmt.Fprintf(e.stderr, "sigmakql validate: %v\n", err)
		return exitUsage
	}
	opts := schema.Options{Table: f.table}
	if f.jsonl {
		return validateJSONL(e, rest, s, opts)
	}
	name, src, err := readQuery(e, f.query, rest)
	if err != nil {
		fmt.Fprintf(e.stderr, "sigmakql validate: %v\n", err)
		return exitUsage
	}
	an := schema.ValidateText(src, s, opts)
	if f.format == "json" {
		err = writeJSONLine(e.stdout, newValidateResult(nil, an))
	} else {
		err = writeValidateText(e.stdout, name, an)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "sigmakql validate: %v\n", err)
		return exitUsage
	}
	return validExit(an.Valid())
}

func validExit(valid bool) int {
	if valid {
		return exitOK
	}
	return exitFindings
}

// loadSchemas returns the snapshot, or the --schema file, with every
// --add-schema file merged over it.
func loadSchemas(base string, adds []string) (*schema.Schema, error) {
	s := schema.Default()
	if base != "" {
		var err error
		if s, err = loadSchemaFile(base); err != nil {
			return nil, err
		}
	}
	for _, path := range adds {
		add, err := loadSchemaFile(path)
		if err != nil {
			return nil, err
		}
		s = s.Merge(add)
	}
	return s, nil
}

func loadSchemaFile(path string) (*schema.Schema, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := schema.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return s, nil
}

// readQuery returns the query from --query, a file or stdin ("-"), with the name
// its diagnostics carry.
func readQuery(e *env, query string, rest []string) (name, src string, err error) {
	if query != "" {
		return "query", query, nil
	}
	var data []byte
	if rest[0] == "-" {
		data, err = io.ReadAll(io.LimitReader(e.stdin, kql.MaxQueryBytes+1))
		name = "<stdin>"
	} else {
		data, err = readLimited(rest[0], kql.MaxQueryBytes+1)
		name = rest[0]
	}
	return name, string(data), err
}

func writeValidateText(w io.Writer, name string, an *schema.Analysis) error {
	for _, d := range an.Diagnostics().WithFile(name) {
		if _, err := fmt.Fprintln(w, d); err != nil {
			return err
		}
	}
	return nil
}

// validateResult is one query's verdict in the JSON and JSONL forms (DESIGN §4):
// the request's id, the schema package's machine form, and an error for a line
// that is not a request.
type validateResult struct {
	ID json.RawMessage `json:"id"`
	schema.Result
	Error string `json:"error,omitempty"`
}

func newValidateResult(id json.RawMessage, an *schema.Analysis) validateResult {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	return validateResult{ID: id, Result: an.Result()}
}

func writeJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// validateJSONL validates {"id","query"} lines in order. A line that is not such
// an object gets a result with an error and counts as invalid.
func validateJSONL(e *env, rest []string, s *schema.Schema, opts schema.Options) int {
	in := e.stdin
	if len(rest) == 1 && rest[0] != "-" {
		f, err := os.Open(rest[0])
		if err != nil {
			fmt.Fprintf(e.stderr, "sigmakql validate: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		in = f
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), maxJSONLLine)
	allValid := true
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		res := validateLine(sc.Bytes(), s, opts)
		allValid = allValid && res.Valid
		if err := writeJSONLine(e.stdout, res); err != nil {
			fmt.Fprintf(e.stderr, "sigmakql validate: %v\n", err)
			return exitUsage
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("an input line is longer than %d bytes", maxJSONLLine)
		}
		fmt.Fprintf(e.stderr, "sigmakql validate: %v\n", err)
		return exitUsage
	}
	return validExit(allValid)
}

func validateLine(line []byte, s *schema.Schema, opts schema.Options) validateResult {
	var req struct {
		ID    json.RawMessage `json:"id"`
		Query *string         `json:"query"`
	}
	if err := json.Unmarshal(line, &req); err != nil || req.Query == nil {
		msg := `want an object {"id": …, "query": "…"}`
		if err != nil {
			msg = err.Error()
		}
		res := newValidateResult(req.ID, &schema.Analysis{})
		res.Valid, res.Error = false, msg
		return res
	}
	return newValidateResult(req.ID, schema.ValidateText(*req.Query, s, opts))
}
