package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/internal/rulefiles"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/lint"
	"github.com/sigmakql/sigmakql/parser"
)

// codeReadError reports a rule file that exists but cannot be read.
const codeReadError diag.Code = "read-error"

func init() {
	register(&command{
		name:    "check",
		usage:   "check [-f text|json|sarif] PATH...",
		summary: "Check Sigma rules (files or directories of *.yml/*.yaml) for errors and lint warnings.",
		run:     runCheck,
	})
}

// checkReport is what one check run found, in the shape of the JSON output.
type checkReport struct {
	Files       int       `json:"files"`
	Rules       int       `json:"rules"` // documents parsed without error
	Diagnostics diag.List `json:"diagnostics"`
}

// runCheck parses and lints every rule file under the arguments. Warnings never
// change the exit code; any error makes it exitFindings.
func runCheck(e *env, args []string) int {
	c := commands["check"]
	flags := newFlagSet(e, c)
	format := flags.String("f", "text", "output format: text, json or sarif")
	if code, ok := parseFlags(e, c, flags, args); !ok {
		return code
	}
	args, err := interspersedArgs(flags)
	if err != nil {
		return exitUsage
	}
	write, ok := checkWriters[*format]
	if !ok || len(args) == 0 {
		if !ok {
			fmt.Fprintf(e.stderr, "sigmakql check: unknown format %q (want text, json or sarif)\n", *format)
		}
		flags.Usage()
		return exitUsage
	}
	paths, err := rulefiles.Collect(args)
	if err != nil {
		fmt.Fprintf(e.stderr, "sigmakql check: %v\n", err)
		return exitUsage
	}
	report := checkFiles(paths)
	if err := write(e, report); err != nil {
		fmt.Fprintf(e.stderr, "sigmakql check: %v\n", err)
		return exitUsage
	}
	if report.Diagnostics.HasErrors() {
		return exitFindings
	}
	return exitOK
}

// interspersedArgs returns the positional arguments left after parsing, also
// parsing flags that follow them ("check rules/ -f json"), as users type them.
func interspersedArgs(flags *flag.FlagSet) ([]string, error) {
	var args []string
	for flags.NArg() > 0 {
		args = append(args, flags.Arg(0))
		if err := flags.Parse(flags.Args()[1:]); err != nil {
			return nil, err
		}
	}
	return args, nil
}

// checkFiles parses every file, resolves references between them and runs the
// lints over them all.
func checkFiles(paths []string) checkReport {
	var files []*ir.File
	var ds diag.List
	for _, path := range paths {
		f, fileDiags := parseRuleFile(path)
		files = append(files, f)
		ds.Add(fileDiags...)
	}
	ds.Add(parser.Resolve(files)...)
	ds.Add(lint.Files(files)...)
	ds.Sort()
	ds = ds.Dedup()
	if ds == nil {
		ds = diag.List{}
	}
	return checkReport{Files: len(paths), Rules: countClean(files, ds), Diagnostics: ds}
}

// parseRuleFile reads and parses one file, reading at most one byte more than the
// parser accepts so that a huge file costs no more than the limit.
func parseRuleFile(path string) (*ir.File, diag.List) {
	src, err := readLimited(path, int64(parser.DefaultOptions().MaxFileSize)+1)
	if err != nil {
		var ds diag.List
		ds.Errorf(diag.Pos{File: path}, codeReadError, "%v", err)
		return &ir.File{Name: path}, ds
	}
	return parser.ParseFile(path, src)
}

// readLimited reads at most limit bytes of the file at path.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// countClean counts the documents that no error diagnostic falls into. A document
// spans from its first line to the next document's; an error before a file's first
// document (the global part of a collection) or without a line taints them all.
func countClean(files []*ir.File, ds diag.List) int {
	errLines := map[string][]int{}
	for _, d := range ds.Errors() {
		errLines[d.File] = append(errLines[d.File], d.Line)
	}
	clean := 0
	for _, f := range files {
		for i, doc := range f.Docs {
			from, to := doc.Metadata().Pos.Line, int(^uint(0)>>1)
			if i+1 < len(f.Docs) {
				to = f.Docs[i+1].Metadata().Pos.Line
			}
			if i == 0 {
				from = 0
			}
			if !anyIn(errLines[f.Name], from, to) {
				clean++
			}
		}
	}
	return clean
}

// anyIn reports whether a line lies in [from, to), treating line 0 (no line) as
// inside every range.
func anyIn(lines []int, from, to int) bool {
	for _, l := range lines {
		if l == 0 || (l >= from && l < to) {
			return true
		}
	}
	return false
}
