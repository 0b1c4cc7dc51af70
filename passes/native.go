package passes

import (
	"bytes"
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"
)

// nativePipeline is the embedded format of the built-in pipelines: logsources in
// match order, each with the tables it may be read from. It is richer than the
// pySigma format where the built-ins need it (per-event field sets, table
// alternatives chosen by options), and compiles to the same items.
type nativePipeline struct {
	Name        string                             `yaml:"name"`
	Description string                             `yaml:"description"`
	Priority    int                                `yaml:"priority"`
	Options     []OptionInfo                       `yaml:"options"`
	Watchlists  watchlistSpec                      `yaml:"watchlist_placeholders"`
	Fieldsets   map[string][]string                `yaml:"fieldsets"`
	Subfields   map[string]map[string]subfieldSpec `yaml:"subfields"`
	Tables      map[string]targetSpec              `yaml:"tables"`
	Logsources  []logsourceSpec                    `yaml:"logsources"`
}

// watchlistSpec turns unresolved placeholders into a query expression when the
// named option has the given value.
type watchlistSpec struct {
	Option     string `yaml:"option"`
	Value      string `yaml:"value"`
	Expression string `yaml:"expression"`
}

// subfieldSpec reads a Sigma field from inside another field's text, e.g. Imphash
// from Sysmon's "MD5=…,IMPHASH=…" Hashes.
type subfieldSpec struct {
	Field  string `yaml:"field"`
	Prefix string `yaml:"prefix"`
}

// logsourceSpec maps the rules whose logsource matches to target tables, tried in
// order, or says why such rules are unsupported.
type logsourceSpec struct {
	Match      logsourceMatch   `yaml:"match"`
	Targets    []targetSpec     `yaml:"targets"`
	Note       string           `yaml:"note"`
	targetSpec `yaml:",inline"` // a single target, or unsupported: the reason

}

// logsourceMatch matches a rule logsource when every field it sets is equal; a
// field set to "" matches only a rule that leaves it out.
type logsourceMatch struct {
	Product  *string `yaml:"product"`
	Category *string `yaml:"category"`
	Service  *string `yaml:"service"`
}

// targetSpec is one table a logsource can be read from.
type targetSpec struct {
	When      map[string][]string `yaml:"when"`
	Table     string              `yaml:"table"`
	Sysmon    []int               `yaml:"sysmon"`
	Channel   stringList          `yaml:"channel"`
	EventIDs  []int               `yaml:"eventids"`
	Condition condList            `yaml:"conditions"`
	Fields    map[string]string   `yaml:"fields"`
	Fieldsets []string            `yaml:"fieldsets"`
	Subfields string              `yaml:"subfields"`
	Dynamic   string              `yaml:"dynamic"`
	Keywords  []string            `yaml:"keywords"`
	Prefixes  []prefixRewrite     `yaml:"value_prefixes"`
	ValueMaps []valueMap          `yaml:"value_maps"`
	Arrays    []string            `yaml:"arrays"`
	// Unsupported, on a target chosen by options, says why that source cannot
	// express the logsource's rules.
	Unsupported string `yaml:"unsupported"`
}

// prefixRewrite replaces a value prefix in the given fields, e.g. registry hive
// abbreviations into the form a table stores.
type prefixRewrite struct {
	Fields []string `yaml:"fields"`
	From   string   `yaml:"from"`
	To     string   `yaml:"to"`
}

// valueMap rewrites an equality on a field whose column cannot be compared as
// text (SigninLogs' Status is a dynamic object) into the exact test on another
// column: Status "Success" is ResultType "0".
type valueMap struct {
	Field   string `yaml:"field"`
	From    string `yaml:"from"`
	ToField string `yaml:"to_field"`
	To      string `yaml:"to"`
}

// renames reports whether the map only renames a value of its own field
// (Level "Error" is Level 2): the column holds To where the rule says From.
func (vm valueMap) renames() bool { return vm.ToField == vm.Field }

// stringList reads a YAML scalar or sequence of strings.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = []string{n.Value}
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*l = s
	return nil
}

// condSpec is one added condition: a column and the values it may hold.
type condSpec struct {
	Field  string
	Values []any // string or int64
}

// condList keeps added conditions in the order the YAML gives them.
type condList []condSpec

func (l *condList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: conditions must be a mapping", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		vals, err := scalarValues(n.Content[i+1])
		if err != nil {
			return err
		}
		*l = append(*l, condSpec{Field: n.Content[i].Value, Values: vals})
	}
	return nil
}

// scalarValues reads a scalar or a sequence of scalars as strings and integers.
func scalarValues(n *yaml.Node) ([]any, error) {
	nodes := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		nodes = n.Content
	}
	var out []any
	for _, v := range nodes {
		if v.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: expected a scalar value", v.Line)
		}
		if v.Tag == "!!int" {
			i, err := strconv.ParseInt(v.Value, 0, 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", v.Line, err)
			}
			out = append(out, i)
			continue
		}
		out = append(out, v.Value)
	}
	return out, nil
}

// decodeNative reads an embedded pipeline strictly: an unknown key is a bug in
// the data, caught by the package's tests.
func decodeNative(src []byte) (*nativePipeline, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var np nativePipeline
	if err := dec.Decode(&np); err != nil {
		return nil, err
	}
	return &np, nil
}
