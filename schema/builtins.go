package schema

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
)

//go:generate go run ./internal/genbuiltins -in ../../shared/data/kql-builtins.json -o builtins.txt

// builtinsText is the generated list of KQL's built-in function names: "#"
// header lines naming the source, then "kind name" lines.
//
//go:embed builtins.txt
var builtinsText string

// builtinNames holds the built-in names by kind, so that a call can be checked
// against the names valid where it appears.
type builtinNames struct {
	scalar, aggregate, plugin map[string]bool
	functions                 []string // scalar and aggregate names, sorted, for suggestions
	plugins                   []string // sorted, for suggestions
}

// builtins returns the parsed built-in names; they are parsed once, on first use.
var builtins = sync.OnceValue(func() *builtinNames {
	b := &builtinNames{scalar: map[string]bool{}, aggregate: map[string]bool{}, plugin: map[string]bool{}}
	for _, line := range strings.Split(builtinsText, "\n") {
		kind, name, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		switch kind {
		case "scalar":
			b.scalar[name] = true
		case "aggregate":
			b.aggregate[name] = true
		case "plugin":
			b.plugin[name] = true
		}
	}
	b.functions = sortedKeys(b.scalar, b.aggregate)
	b.plugins = sortedKeys(b.plugin)
	return b
})

// isFunction reports whether name is a built-in scalar or aggregate function.
func (b *builtinNames) isFunction(name string) bool { return b.scalar[name] || b.aggregate[name] }

func sortedKeys(sets ...map[string]bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range sets {
		for k := range s {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}
