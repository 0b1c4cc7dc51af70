package mcp

import (
	"context"
	"errors"
	"io"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// ServeStdio serves one session over newline-delimited JSON-RPC on in and out
// (the process's stdin and stdout in the CLI). It returns nil when the client
// closes in (EOF) or ctx is cancelled (SIGTERM); on cancellation it closes in when
// in is an io.ReadCloser, so a blocked read cannot keep the process alive.
func (s *Server) ServeStdio(ctx context.Context, in io.Reader, out io.Writer) error {
	rc, ok := in.(io.ReadCloser)
	if !ok {
		rc = nopReadCloser{in}
	}
	ss, err := s.sdk.Connect(ctx, &sdk.IOTransport{Reader: rc, Writer: nopWriteCloser{out}}, nil)
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

// nopReadCloser and nopWriteCloser keep the transport from closing the process's
// standard streams, which the caller owns.
type nopReadCloser struct{ io.Reader }

func (nopReadCloser) Close() error { return nil }

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
