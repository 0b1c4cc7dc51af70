package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/sigmakql/sigmakql/kql"
)

// Function is a stored function of a workspace, described the way the
// kql-oracle's schema file describes one: a KQL parameter list and a body.
// Queries that call it are checked against the columns its body returns
// instead of being left open.
type Function struct {
	Name   string
	Params string // e.g. "(T:(*), alias:string)"
	Body   string // e.g. "{ datatable(SearchKey:string)[] }"
	// Open says the function returns further columns that depend on the
	// workspace (a watchlist's own columns), so no name read from its result
	// is reported unknown.
	Open bool

	def *kql.FuncDef // the parsed definition
}

// functionJSON is a function in a schema file: {"params", "body", "open"}. The
// kql-oracle reads params and body and ignores the rest.
type functionJSON struct {
	Params string `json:"params"`
	Body   string `json:"body"`
	Open   bool   `json:"open,omitempty"`
	Source string `json:"source,omitempty"`
}

// newFunction checks that params and body parse as a KQL function definition.
func newFunction(name, params, body string, open bool) (*Function, error) {
	if params == "" {
		params = "()"
	}
	def, err := parseFunction(name, params, body)
	if err != nil {
		return nil, err
	}
	return &Function{Name: name, Params: params, Body: body, Open: open, def: def}, nil
}

// parseFunction parses a definition as the statement `let name = params body`.
func parseFunction(name, params, body string) (*kql.FuncDef, error) {
	if name == "" {
		return nil, errors.New("a function has an empty name")
	}
	q, diags := kql.Parse("let f = " + params + " " + body + ";")
	if q == nil || diags.HasErrors() {
		return nil, fmt.Errorf("function %s does not parse: %v", name, diags)
	}
	let, ok := q.Statements[0].(*kql.LetStmt)
	if len(q.Statements) != 1 || !ok || let.Func == nil {
		return nil, fmt.Errorf("function %s: want a parameter list and a { body }", name)
	}
	return let.Func, nil
}

// decodeFunctions reads the "functions" object of a schema file; a function may
// be given as its body alone, as the oracle accepts.
func decodeFunctions(raw map[string]json.RawMessage) (map[string]*Function, error) {
	out := make(map[string]*Function, len(raw))
	for name, v := range raw {
		var fj functionJSON
		if err := json.Unmarshal(v, &fj.Body); err != nil {
			if err := json.Unmarshal(v, &fj); err != nil {
				return nil, fmt.Errorf("function %s: %v", name, err)
			}
		}
		f, err := newFunction(name, fj.Params, fj.Body, fj.Open)
		if err != nil {
			return nil, err
		}
		out[name] = f
	}
	return out, nil
}

// Function returns the stored function with exactly this name.
func (s *Schema) Function(name string) (*Function, bool) {
	f, ok := s.functions[name]
	return f, ok
}

// Functions returns the stored function names in sorted order.
func (s *Schema) Functions() []string {
	names := make([]string, 0, len(s.functions))
	for n := range s.functions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// KnownFunctions returns the functions a query checked against s may call
// besides the built-ins: s's stored functions and the platform functions it does
// not redefine, sorted by name.
func (s *Schema) KnownFunctions() []*Function {
	byName := map[string]*Function{}
	for n, f := range platformFunctions() {
		byName[n] = f
	}
	for n, f := range s.functions {
		byName[n] = f
	}
	out := make([]*Function, 0, len(byName))
	for _, f := range byName {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// writeFunctions writes the "functions" member of a schema file.
func (s *Schema) writeFunctions(b *bytes.Buffer) {
	names := s.Functions()
	if len(names) == 0 {
		return
	}
	b.WriteString(",\n\"functions\": {\n")
	for i, n := range names {
		if i > 0 {
			b.WriteString(",\n")
		}
		f := s.functions[n]
		name, _ := json.Marshal(n)
		fmt.Fprintf(b, "  %s: %s", name, marshalNoEscape(functionJSON{Params: f.Params, Body: f.Body, Open: f.Open}))
	}
	b.WriteString("\n}")
}

// marshalNoEscape is json.Marshal without HTML escaping, so a body's > and &
// stay readable in a schema file.
func marshalNoEscape(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

//go:embed functions.json
var platformFunctionsJSON []byte

// platformFunctions returns the functions every Sentinel workspace or Defender
// XDR tenant provides (_GetWatchlist, FileProfile, …), parsed once. They are
// known to every query, whatever schema it is checked against, unless the
// schema defines a function of the same name.
var platformFunctions = sync.OnceValue(func() map[string]*Function {
	var doc struct {
		Functions map[string]json.RawMessage `json:"functions"`
	}
	if err := json.Unmarshal(platformFunctionsJSON, &doc); err != nil {
		panic("schema: embedded functions.json is corrupt: " + err.Error())
	}
	fns, err := decodeFunctions(doc.Functions)
	if err != nil {
		panic("schema: embedded functions.json: " + err.Error())
	}
	return fns
})
