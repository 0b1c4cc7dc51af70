package passes

import (
	"embed"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/agnivade/levenshtein"
	"github.com/sigmakql/sigmakql/diag"
)

// AzureMonitor names the built-in pipeline for Microsoft Sentinel / Azure Monitor
// Logs. Where the same events can land in different tables, an option chooses,
// because which one is right depends on the customer's connectors:
//
//   - process_creation=sysmon (default) reads Sysmon event 1 from WindowsEvent, with
//     every Sysmon field; =security reads event 4688 from SecurityEvent, which lacks
//     OriginalFileName, ParentCommandLine and hashes, so rules using them are
//     unsupported rather than silently weaker; =defender reads DeviceProcessEvents.
//   - endpoint=sysmon (default) or defender chooses WindowsEvent or Defender's
//     Device*Events for file, registry-key, network and image-load events; registry
//     hive abbreviations are rewritten to Defender's HKEY_* form, and registry value
//     events stay unsupported there (Defender splits key and value name).
//   - security=auto (default) reads SecurityEvent when its columns hold every field
//     and otherwise the same events from WindowsEvent (Channel "Security") with a
//     table-fallback warning; SecurityEvent or WindowsEvent pin one table.
//   - placeholders=watchlist resolves placeholders without values to the watchlist
//     of the same name instead of reporting them.
//
// docs/pipelines.md describes every logsource the pipeline maps.
const AzureMonitor = "azure_monitor"

//go:embed pipelines/*.yml
var builtinFiles embed.FS

// builtins holds the compiled built-in pipelines by name and their descriptions.
type builtins struct {
	pipelines map[string]*Pipeline
	infos     []BuiltinInfo
}

var loadBuiltins = sync.OnceValues(func() (*builtins, error) {
	entries, err := builtinFiles.ReadDir("pipelines")
	if err != nil {
		return nil, err
	}
	b := &builtins{pipelines: map[string]*Pipeline{}}
	for _, e := range entries {
		src, err := builtinFiles.ReadFile(path.Join("pipelines", e.Name()))
		if err != nil {
			return nil, err
		}
		np, err := decodeNative(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		p, err := compileNative(np)
		if err != nil {
			return nil, err
		}
		b.pipelines[p.Name] = p
		b.infos = append(b.infos, describeNative(np))
	}
	sort.Slice(b.infos, func(i, j int) bool { return b.infos[i].Name < b.infos[j].Name })
	return b, nil
})

// Lookup returns the built-in pipeline with the given name. The error is a
// diag.Diagnostic with code unknown-pipeline and the closest names as suggestions.
func Lookup(name string) (*Pipeline, error) {
	b, err := loadBuiltins()
	if err != nil {
		return nil, err
	}
	if p, ok := b.pipelines[name]; ok {
		return p, nil
	}
	d := diag.Errorf(diag.Pos{}, CodeUnknownPipeline, "no built-in pipeline named %q (built-in: %s)", name, strings.Join(sortedKeys(b.pipelines), ", "))
	for _, known := range sortedKeys(b.pipelines) {
		if levenshtein.ComputeDistance(strings.ToLower(name), known) <= 3 {
			d.Suggestions = append(d.Suggestions, known)
		}
	}
	return nil, d
}

// BuiltinInfo describes a built-in pipeline for listings (the CLI's
// "sigmakql pipelines" and the MCP server).
type BuiltinInfo struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Priority    int             `json:"priority"`
	Options     []OptionInfo    `json:"options"`
	Logsources  []LogsourceInfo `json:"logsources"`
}

// LogsourceInfo is one logsource a built-in pipeline knows: the tables it may be
// read from, or why it is unsupported.
type LogsourceInfo struct {
	Product     string   `json:"product,omitempty"`
	Category    string   `json:"category,omitempty"`
	Service     string   `json:"service,omitempty"`
	Tables      []string `json:"tables,omitempty"`
	Unsupported string   `json:"unsupported,omitempty"`
	Note        string   `json:"note,omitempty"`
}

// Builtins lists the built-in pipelines with the logsources each supports, in
// name order.
func Builtins() []BuiltinInfo {
	b, err := loadBuiltins()
	if err != nil {
		return nil
	}
	return b.infos
}

func describeNative(np *nativePipeline) BuiltinInfo {
	info := BuiltinInfo{Name: np.Name, Description: np.Description, Priority: np.Priority, Options: np.Options}
	p, _ := compileNative(np)
	for _, r := range p.items[0].(*routeItem).routes {
		ls := r.match.logsource()
		li := LogsourceInfo{Product: ls.Product, Category: ls.Category, Service: ls.Service, Unsupported: r.unsupported, Note: r.note}
		for _, t := range r.targets {
			if t.table != "" && !contains(li.Tables, t.table) {
				li.Tables = append(li.Tables, t.table)
			}
		}
		info.Logsources = append(info.Logsources, li)
	}
	return info
}
