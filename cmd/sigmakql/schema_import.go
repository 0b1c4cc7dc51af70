package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/sigmakql/sigmakql/schema"
)

// importFlags are the options of `schema import`.
type importFlags struct {
	table, out string
}

// schemaImport converts a workspace schema export (Log Analytics tables or
// metadata, getschema, Azure Data Explorer's schema JSON) into a schema file for
// --schema or --add-schema. The output is written whole or not at all.
func schemaImport(e *env, path string, f importFlags) int {
	var in io.Reader = e.stdin
	if path != "-" {
		file, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(e.stderr, "sigmakql schema: %v\n", err)
			return exitUsage
		}
		defer file.Close()
		in = file
	}
	s, err := schema.Import(in, schema.ImportOptions{Table: f.table})
	if err != nil {
		fmt.Fprintf(e.stderr, "sigmakql schema: %s: %v\n", path, err)
		return exitFindings
	}
	var b bytes.Buffer
	if err := s.WriteJSON(&b); err != nil {
		fmt.Fprintf(e.stderr, "sigmakql schema: %v\n", err)
		return exitUsage
	}
	if f.out == "" {
		_, err = e.stdout.Write(b.Bytes())
	} else {
		err = writeFileAtomic(f.out, b.Bytes())
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "sigmakql schema: %v\n", err)
		return exitUsage
	}
	return exitOK
}
