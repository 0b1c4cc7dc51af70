package resources

import sdk "github.com/modelcontextprotocol/go-sdk/mcp"

// registerPipelines adds sigmakql://pipelines/{name} once package passes exposes
// its built-in pipelines.
func registerPipelines(*sdk.Server) {}
