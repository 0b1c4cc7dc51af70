// Package stdio makes end of input on the stdio transport graceful. The JSON-RPC
// connection stops writing as soon as its reader reports EOF, so a client that
// writes its requests and closes stdin (a shell pipe, a script) would lose every
// answer still being computed. Drain holds EOF back until each request read has
// been answered, or a deadline passes.
package stdio

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"
	"time"
)

// maxTrackedLine bounds the bytes kept of one line while looking for its id; a
// longer line is still passed through, only not counted.
const maxTrackedLine = 64 << 20

// Drain counts requests read and responses written.
type Drain struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending int
	expired bool
	timeout time.Duration
}

// New returns a Drain that waits at most timeout at EOF.
func New(timeout time.Duration) *Drain {
	d := &Drain{timeout: timeout}
	d.cond = sync.NewCond(&d.mu)
	return d
}

// Reader wraps r: it counts the requests passing through and, at EOF, waits for
// their responses before reporting EOF.
func (d *Drain) Reader(r io.Reader) io.ReadCloser {
	return &reader{r: r, d: d, lines: lineSplitter{onLine: d.sawInput}}
}

// Writer wraps w: it counts the responses written.
func (d *Drain) Writer(w io.Writer) io.Writer {
	return &writer{w: w, lines: lineSplitter{onLine: d.sawOutput}}
}

type reader struct {
	r     io.Reader
	d     *Drain
	lines lineSplitter
}

func (r *reader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.lines.write(p[:n])
	if err == io.EOF {
		r.lines.flush()
		r.d.wait()
	}
	return n, err
}

// Close closes the underlying reader when it can be closed, so that shutting
// the transport down still interrupts a blocked read.
func (r *reader) Close() error {
	r.d.stop()
	if c, ok := r.r.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

type writer struct {
	mu    sync.Mutex
	w     io.Writer
	lines lineSplitter
}

func (w *writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.w.Write(p)
	w.lines.write(p[:n])
	return n, err
}

// message is what Drain reads of a JSON-RPC message.
type message struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
}

func parse(line []byte) (m message, hasID bool) {
	if json.Unmarshal(line, &m) != nil {
		return message{}, false
	}
	return m, len(m.ID) > 0 && !bytes.Equal(m.ID, []byte("null"))
}

func (d *Drain) sawInput(line []byte) {
	if m, hasID := parse(line); hasID && m.Method != "" {
		d.add(1)
	}
}

func (d *Drain) sawOutput(line []byte) {
	if m, hasID := parse(line); hasID && m.Method == "" {
		d.add(-1)
	}
}

func (d *Drain) add(n int) {
	d.mu.Lock()
	d.pending += n
	d.mu.Unlock()
	d.cond.Broadcast()
}

// stop ends any wait at once: the transport is being closed.
func (d *Drain) stop() {
	d.mu.Lock()
	d.expired = true
	d.mu.Unlock()
	d.cond.Broadcast()
}

// wait blocks until every request has been answered, the timeout passes or the
// transport is closed.
func (d *Drain) wait() {
	t := time.AfterFunc(d.timeout, d.stop)
	defer t.Stop()
	d.mu.Lock()
	defer d.mu.Unlock()
	for d.pending > 0 && !d.expired {
		d.cond.Wait()
	}
}

// lineSplitter calls onLine with each complete newline-terminated line written
// to it, skipping lines longer than maxTrackedLine.
type lineSplitter struct {
	buf      []byte
	overflow bool
	onLine   func([]byte)
}

func (s *lineSplitter) write(p []byte) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			s.keep(p)
			return
		}
		s.keep(p[:i])
		s.flush()
		p = p[i+1:]
	}
}

func (s *lineSplitter) keep(p []byte) {
	if s.overflow || len(s.buf)+len(p) > maxTrackedLine {
		s.overflow, s.buf = true, s.buf[:0]
		return
	}
	s.buf = append(s.buf, p...)
}

func (s *lineSplitter) flush() {
	if !s.overflow && len(bytes.TrimSpace(s.buf)) > 0 {
		s.onLine(s.buf)
	}
	s.buf, s.overflow = s.buf[:0], false
}
