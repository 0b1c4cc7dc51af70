// Package rulefiles finds the Sigma rule files among the paths a command is
// given, so that convert and check read the same files: every *.yml and *.yaml
// under a directory except the event tests that sit beside their rules
// (rule.tests.yml), which are sigmakql test's input, not rules.
package rulefiles

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// IsRule reports whether a file found in a directory is a Sigma rule file: a
// YAML file (.yml or .yaml, in any letter case) that is not a test file.
func IsRule(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return (ext == ".yml" || ext == ".yaml") && !IsTests(name)
}

// IsTests reports whether name is a rule's event test file (rule.tests.yml or
// rule.tests.yaml), which sigmakql test reads beside the rule.
func IsTests(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(lower, ".tests.yml") || strings.HasSuffix(lower, ".tests.yaml")
}

// Collect expands paths into rule files: a file is taken as it is (even a test
// file, since it was named), a directory is searched recursively for rule files,
// skipping hidden directories. Each file appears once, in argument and then
// lexical order.
func Collect(paths []string) ([]string, error) {
	c := collector{seen: map[string]bool{}}
	for _, p := range paths {
		if err := c.addPath(p); err != nil {
			return nil, err
		}
	}
	return c.files, nil
}

// collector gathers files once each, in the order they are found.
type collector struct {
	files []string
	seen  map[string]bool
}

func (c *collector) add(p string) {
	if key := filepath.Clean(p); !c.seen[key] {
		c.seen[key] = true
		c.files = append(c.files, p)
	}
}

func (c *collector) addPath(root string) error {
	info, err := os.Stat(root)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		c.add(root)
		return nil
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && p != root && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		case !d.IsDir() && IsRule(d.Name()):
			c.add(p)
		}
		return nil
	})
}
