package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// Options bounds the work one file may cause. The zero value of a field means its
// default, so Options{} is the safe configuration.
type Options struct {
	MaxFileSize   int // bytes per file; default 1 MiB
	MaxDepth      int // YAML nesting depth; default 64
	MaxAliasNodes int // nodes reached through YAML aliases per document; default 10,000
	MaxValueLen   int // bytes per scalar; default 64 KiB
	MaxDocuments  int // YAML documents per file; default 1,000
}

// DefaultOptions returns the limits ParseFile applies.
func DefaultOptions() Options {
	return Options{
		MaxFileSize:   1 << 20,
		MaxDepth:      64,
		MaxAliasNodes: 10000,
		MaxValueLen:   64 << 10,
		MaxDocuments:  1000,
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = d.MaxFileSize
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = d.MaxDepth
	}
	if o.MaxAliasNodes <= 0 {
		o.MaxAliasNodes = d.MaxAliasNodes
	}
	if o.MaxValueLen <= 0 {
		o.MaxValueLen = d.MaxValueLen
	}
	if o.MaxDocuments <= 0 {
		o.MaxDocuments = d.MaxDocuments
	}
	return o
}

// docParser holds the state of parsing one file.
type docParser struct {
	file     string
	src      []byte
	srcLines []string
	opts     Options
	diags    diag.List
}

// ParseFile parses one Sigma YAML file (a single document or a collection) with the
// default limits. It always returns a File; documents that could not be read are
// left out and explained in the diagnostics. References between documents are
// checked by Resolve, since correlations usually name rules in other files.
func ParseFile(name string, src []byte) (*ir.File, diag.List) {
	return ParseFileOptions(name, src, Options{})
}

// ParseFileOptions is ParseFile with explicit limits.
func ParseFileOptions(name string, src []byte, opts Options) (*ir.File, diag.List) {
	p := &docParser{file: name, src: src, opts: opts.withDefaults()}
	f := &ir.File{Name: name}
	if !p.checkInput() {
		return f, p.diags
	}
	roots, ok := p.decode()
	if ok {
		f.Docs = p.collection(roots)
	}
	p.diags.Sort()
	return f, p.diags.Dedup()
}

// checkInput rejects what must not reach the YAML decoder: oversized input, NUL
// bytes, invalid UTF-8 and empty files.
func (p *docParser) checkInput() bool {
	start := diag.Pos{File: p.file, Line: 1, Col: 1}
	switch {
	case len(p.src) > p.opts.MaxFileSize:
		p.diags.Errorf(start, CodeFileTooLarge, "file is %d bytes; the limit is %d", len(p.src), p.opts.MaxFileSize)
	case bytes.IndexByte(p.src, 0) >= 0:
		p.diags.Errorf(p.offsetPos(bytes.IndexByte(p.src, 0)), CodeNulByte, "file contains a NUL byte")
	case !utf8.Valid(p.src):
		p.diags.Errorf(p.offsetPos(firstInvalidUTF8(p.src)), CodeInvalidUTF8, "file is not valid UTF-8")
	case len(bytes.TrimSpace(p.src)) == 0:
		p.diags.Errorf(start, CodeEmptyFile, "file is empty")
	default:
		return true
	}
	return false
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// offsetPos converts a byte offset into a position (columns count bytes).
func (p *docParser) offsetPos(off int) diag.Pos {
	before := p.src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := off - bytes.LastIndexByte(before, '\n')
	return diag.Pos{File: p.file, Line: line, Col: col}
}

// decode reads every YAML document of the file and checks each against the depth
// and alias limits. Empty documents (a stray "---") are skipped.
func (p *docParser) decode() (roots []*yaml.Node, ok bool) {
	dec := yaml.NewDecoder(bytes.NewReader(p.src))
	for {
		var doc yaml.Node
		err := decodeSafely(dec, &doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			p.syntaxError(err)
			return nil, false
		}
		if len(roots) >= p.opts.MaxDocuments {
			p.diags.Errorf(p.pos(&doc), CodeTooManyDocs, "file holds more than %d documents", p.opts.MaxDocuments)
			return nil, false
		}
		root := documentRoot(&doc)
		if root == nil {
			continue
		}
		if !p.preflight(root) {
			return nil, false
		}
		roots = append(roots, root)
	}
	if len(roots) == 0 {
		p.diags.Errorf(diag.Pos{File: p.file, Line: 1, Col: 1}, CodeEmptyFile, "file holds no YAML document")
		return nil, false
	}
	return roots, true
}

// decodeSafely turns a panic inside the YAML library into an error, so that no
// input can crash the caller.
func decodeSafely(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: internal error: %v", r)
		}
	}()
	return dec.Decode(n)
}

// documentRoot returns the content of a document node, or nil for an empty one.
func documentRoot(doc *yaml.Node) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if isNull(root) && root.Value == "" {
		return nil
	}
	return root
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// syntaxError reports a yaml.v3 error at the line it names. yaml.v3 counts lines
// from 0 in its parser errors ("did not find expected ...") and from 1 in its
// scanner errors, so the former are shifted to the 1-based line.
func (p *docParser) syntaxError(err error) {
	msg := err.Error()
	at := diag.Pos{File: p.file, Line: 1}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		at.Line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		if strings.HasPrefix(msg, "did not find expected") {
			at.Line++
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	p.diags.Errorf(at, CodeYAMLSyntax, "invalid YAML: %s", msg)
}
