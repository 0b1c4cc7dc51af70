package main

import (
	"fmt"

	"github.com/sigmakql/sigmakql/passes"
)

// loadPipelineFile reads a user pipeline file in the pySigma processing-pipeline
// format. The passes package does not expose a loader yet, so -p FILE is a usage
// error rather than a silently ignored pipeline.
func loadPipelineFile(name string, src []byte) (*passes.Pipeline, error) {
	_ = src
	return nil, fmt.Errorf("-p %s: pipeline files are not supported yet; use a built-in pipeline", name)
}
