package main

import (
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/sigmakql/sigmakql/convert"
	"github.com/sigmakql/sigmakql/internal/rulefiles"
)

// converter runs one pipeline and the KQL backend over rule files; the
// convert package does the conversion, the CLI reads the files.
type converter struct {
	convert.Converter
	stdin io.Reader // read for the path "-"
}

// convertResult is one document's outcome, the jsonl record of DESIGN §4.
type convertResult = convert.Result

// ruleFiles expands paths into rule files (see rulefiles.Collect), all in name
// order; "-" stands for standard input.
func ruleFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		found, err := rulefiles.Collect([]string{p})
		if err != nil {
			return nil, err
		}
		files = append(files, found...)
	}
	sort.Strings(files)
	return files, nil
}

// maxStdinRule bounds what convert reads from standard input; the parser applies
// its own, smaller per-file limit to what is read.
const maxStdinRule = 8 << 20

// convertFiles parses every file, then converts them together (filters and
// correlations apply across files).
func (c *converter) convertFiles(files []string) []convertResult {
	inputs := make([]convert.Input, len(files))
	convert.Each(len(files), func(i int) { inputs[i] = c.parseInput(files[i]) })
	return c.Convert(inputs)
}

func (c *converter) parseInput(name string) convert.Input {
	var src []byte
	var err error
	if name == "-" && c.stdin != nil {
		src, err = io.ReadAll(io.LimitReader(c.stdin, maxStdinRule+1))
		if err == nil && len(src) > maxStdinRule {
			err = fmt.Errorf("standard input is over %d bytes", maxStdinRule)
		}
	} else {
		src, err = os.ReadFile(name)
	}
	if err != nil {
		return convert.Input{Name: name, Err: err}
	}
	return convert.Parse(name, src)
}
