package main

import (
	"fmt"

	"github.com/sigmakql/sigmakql/passes"
)

// loadPipelineFile reads a user pipeline in the pySigma processing-pipeline
// format; its problems are a usage error that names file:line:col.
func loadPipelineFile(name string, src []byte) (*passes.Pipeline, error) {
	p, diags := passes.LoadPipeline(name, src)
	if diags.HasErrors() || p == nil {
		return nil, fmt.Errorf("pipeline %s:\n%v", name, diags.Errors())
	}
	return p, nil
}
