package mcp

import (
	"context"
	"errors"
	"io"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp/internal/stdio"
)

// drainTimeout bounds how long the server keeps answering after stdin ends.
const drainTimeout = 30 * time.Second

// ServeStdio serves one session over newline-delimited JSON-RPC on in and out
// (the process's stdin and stdout in the CLI). It returns nil when the client
// closes in (EOF) and every request read has been answered, or when ctx is
// cancelled (SIGTERM); on cancellation it closes in when in is an io.ReadCloser,
// so a blocked read cannot keep the process alive.
func (s *Server) ServeStdio(ctx context.Context, in io.Reader, out io.Writer) error {
	drain := stdio.New(drainTimeout)
	rc := drain.Reader(in)
	ss, err := s.sdk.Connect(ctx, &sdk.IOTransport{Reader: rc, Writer: nopWriteCloser{drain.Writer(out)}}, nil)
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- ss.Wait() }()
	select {
	case <-ctx.Done():
		ss.Close()
		<-done
		return nil
	case err := <-done:
		if err == nil || errors.Is(err, io.EOF) {
			return nil
		}
		return err
	}
}

// nopWriteCloser keeps the transport from closing the process's stdout, which
// the caller owns.
type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
