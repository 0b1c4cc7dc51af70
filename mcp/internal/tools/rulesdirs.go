package tools

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
)

// RulesDirs are the directories an operator allowed with --rules-dir. A file is
// read through an os.Root, so neither "..", an absolute path outside, nor a
// symbolic link can lead a caller out of them.
type RulesDirs struct {
	dirs []rulesDir
}

type rulesDir struct {
	abs  string
	root *os.Root
}

// OpenRulesDirs opens each directory. It fails when one does not exist or is not
// a directory, so a typo in the server's configuration shows at start-up.
func OpenRulesDirs(paths []string) (*RulesDirs, error) {
	r := &RulesDirs{}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		root, err := os.OpenRoot(abs)
		if err != nil {
			return nil, fmt.Errorf("rules dir: %w", err)
		}
		r.dirs = append(r.dirs, rulesDir{abs: abs, root: root})
	}
	return r, nil
}

// Close releases the directories.
func (r *RulesDirs) Close() error {
	var errs []error
	for _, d := range r.dirs {
		errs = append(errs, d.root.Close())
	}
	return errors.Join(errs...)
}

// ReadFile returns the content of path, which is either relative to one of the
// directories (tried in order) or absolute and inside one of them. Anything else,
// and any file larger than maxBytes, is refused with a coded error.
func (r *RulesDirs) ReadFile(path string, maxBytes int64) ([]byte, error) {
	if r == nil || len(r.dirs) == 0 {
		return nil, toolkit.Errorf(toolkit.InvalidInput, "sigma_path is disabled: the server was started without --rules-dir; pass the rule as sigma_yaml")
	}
	for _, d := range r.dirs {
		rel, ok := d.relative(path)
		if !ok {
			continue
		}
		b, err := readLimited(d.root, rel, maxBytes)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		return b, err
	}
	return nil, toolkit.Errorf(toolkit.InvalidInput, "sigma_path %q is not a file inside the allowed rules directories", path)
}

// relative returns path relative to d, or ok=false when an absolute path lies
// outside d.
func (d rulesDir) relative(path string) (string, bool) {
	if !filepath.IsAbs(path) {
		return filepath.Clean(path), true
	}
	rel, err := filepath.Rel(d.abs, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

func readLimited(root *os.Root, rel string, maxBytes int64) ([]byte, error) {
	f, err := root.Open(rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, toolkit.Errorf(toolkit.InvalidInput, "sigma_path %q cannot be read: it is outside the allowed rules directories or not readable", rel)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return nil, toolkit.Errorf(toolkit.InvalidInput, "sigma_path %q is not a regular file", rel)
	}
	if info.Size() > maxBytes {
		return nil, toolkit.Errorf(toolkit.LimitExceeded, "sigma_path %q is %d bytes; the limit is %d", rel, info.Size(), maxBytes)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return nil, toolkit.Errorf(toolkit.InvalidInput, "sigma_path %q cannot be read", rel)
	}
	if int64(len(b)) > maxBytes {
		return nil, toolkit.Errorf(toolkit.LimitExceeded, "sigma_path %q is larger than %d bytes", rel, maxBytes)
	}
	return b, nil
}
