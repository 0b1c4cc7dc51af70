package toolkit

import (
	"context"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// Output is implemented by every tool's output type. Summary is the short
// human-readable text sent beside the structured content, for agents and people
// who read the transcript rather than parse it.
type Output interface {
	Summary() string
}

// Checker is implemented by tool inputs with rules their JSON schema cannot say,
// above all the size limits, which must hold before any work starts.
type Checker interface {
	Check() error
}

// Handler is the typed body of a tool: it reads a decoded, checked input and
// returns the output, or an error (an *Error for anything the caller can fix).
type Handler[In any, Out Output] func(ctx context.Context, in In) (Out, error)

// Add registers a tool whose input and output JSON schemas are inferred from In
// and Out. Every sigmakql tool is read-only, idempotent and closed-world, so Add
// sets those annotations rather than trusting each tool to remember them.
func Add[In any, Out Output](s *sdk.Server, t *sdk.Tool, h Handler[In, Out]) {
	tool := *t
	tool.Annotations = readOnly(t)
	sdk.AddTool(s, &tool, func(ctx context.Context, _ *sdk.CallToolRequest, in In) (*sdk.CallToolResult, Out, error) {
		var zero Out
		if c, ok := any(in).(Checker); ok {
			if err := c.Check(); err != nil {
				return nil, zero, AsError(err)
			}
		}
		out, err := h(ctx, in)
		if err != nil {
			// An error without a code is a bug; AsError makes it internal_error here,
			// so that Guard can read any other plain error as the SDK rejecting the
			// arguments.
			return nil, zero, AsError(err)
		}
		text := &sdk.TextContent{Text: out.Summary()}
		return &sdk.CallToolResult{Content: []sdk.Content{text}}, out, nil
	})
}

func readOnly(t *sdk.Tool) *sdk.ToolAnnotations {
	closed := false
	a := &sdk.ToolAnnotations{ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: &closed}
	if t.Annotations != nil {
		a.Title = t.Annotations.Title
	}
	if a.Title == "" {
		a.Title = t.Title
	}
	return a
}
