package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/sigmakql/sigmakql/passes"
)

func init() {
	register(&command{
		name:    "pipelines",
		usage:   "pipelines [-f text|json] [NAME]",
		summary: "List the built-in pipelines, their options (-O name=value) and the logsources each maps to tables.",
		run:     runPipelines,
	})
}

// runPipelines prints the built-in pipelines, or the one named, so users can see
// which table a logsource reads and which options change it.
func runPipelines(e *env, args []string) int {
	c := commands["pipelines"]
	fs := newFlagSet(e, c)
	format := fs.String("f", "text", "output format: text or json")
	if code, ok := parseFlags(e, c, fs, args); !ok {
		return code
	}
	if (*format != "text" && *format != "json") || fs.NArg() > 1 {
		fmt.Fprintf(e.stderr, "sigmakql pipelines: want -f text or json and at most one NAME\n")
		return exitUsage
	}
	infos := passes.Builtins()
	if fs.NArg() == 1 {
		if _, err := passes.Lookup(fs.Arg(0)); err != nil {
			fmt.Fprintf(e.stderr, "sigmakql pipelines: %v\n", err)
			return exitUsage
		}
		infos = selectPipeline(infos, fs.Arg(0))
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(infos); err != nil {
			return exitUsage
		}
		return exitOK
	}
	for _, info := range infos {
		printPipeline(e.stdout, info)
	}
	return exitOK
}

func selectPipeline(infos []passes.BuiltinInfo, name string) []passes.BuiltinInfo {
	for _, info := range infos {
		if info.Name == name {
			return []passes.BuiltinInfo{info}
		}
	}
	return nil
}

func printPipeline(w io.Writer, info passes.BuiltinInfo) {
	fmt.Fprintf(w, "%s (priority %d)\n  %s\n", info.Name, info.Priority, info.Description)
	if len(info.Options) > 0 {
		fmt.Fprintln(w, "\n  options (-O name=value):")
		for _, o := range info.Options {
			fmt.Fprintf(w, "    %s = %s (default %s)\n      %s\n", o.Name, strings.Join(o.Values, " | "), o.Default, o.Doc)
		}
	}
	fmt.Fprintln(w, "\n  logsources:")
	for _, ls := range info.Logsources {
		where := strings.Join(ls.Tables, ", ")
		if ls.Unsupported != "" {
			where = "unsupported: " + ls.Unsupported
		}
		fmt.Fprintf(w, "    %-58s %s\n", logsourceText(ls), where)
	}
	fmt.Fprintln(w)
}

func logsourceText(ls passes.LogsourceInfo) string {
	var parts []string
	for _, kv := range [][2]string{{"product", ls.Product}, {"category", ls.Category}, {"service", ls.Service}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	if len(parts) == 0 {
		return "(any)"
	}
	return strings.Join(parts, " ")
}
