package preview

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

const (
	eventsPath = "/__mentorgen/events"
	scriptPath = "/__mentorgen/live.js"
	stylePath  = "/__mentorgen/overlay.css"
)

// liveJS is the script the server adds to every HTML page it serves. build never adds it.
//
//go:embed live.js
var liveJS string

// overlayCSS styles the problem page and the overlay live.js draws. It is served, not inlined,
// because every page the preview shows keeps to generator.ContentSecurityPolicy.
//
//go:embed overlay.css
var overlayCSS string

// status is what open pages are told, as one JSON message: the version being served, and
// either how to get to it from the previous one (reload, swap stylesheets, follow a moved
// page) or the problems that keep the next version from being built.
type status struct {
	Seq     int               `json:"-"`
	Version string            `json:"v"`              // the version served; "" while none builds
	Prev    string            `json:"prev,omitempty"` // the version before it
	Kind    string            `json:"kind"`           // reload, css or errors
	CSS     map[string]string `json:"css,omitempty"`  // old stylesheet URL → new
	Moved   map[string]string `json:"moved,omitempty"`
	Errors  []problem         `json:"errors,omitempty"`
}

// hub tracks the open event streams. Each has a one-slot mailbox: a notification is dropped
// when one is already waiting, because the stream sends the latest status anyway, so a slow
// page never blocks a rebuild.
type hub struct {
	mu      sync.Mutex
	clients map[chan struct{}]struct{}
}

func (h *hub) add() chan struct{} {
	c := make(chan struct{}, 1)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients == nil {
		h.clients = map[chan struct{}]struct{}{}
	}
	h.clients[c] = struct{}{}
	return c
}

func (h *hub) remove(c chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, c)
}

func (h *hub) notify() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

// Clients returns the number of open event streams.
func (s *Server) Clients() int {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	return len(s.hub.clients)
}

// events is the Server-Sent Events stream of status messages. It sends the current status at
// once (a page that loaded just before a change learns of it), then each new one, with a
// comment every KeepAlive, until the page goes or the server shuts down.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	if r.Method != http.MethodGet {
		w.WriteHeader(http.StatusOK) // HEAD: the headers of a stream, and no stream
		return
	}
	mailbox := s.hub.add()
	defer s.hub.remove(mailbox)
	w.WriteHeader(http.StatusOK)
	// A browser waits for the headers before it reports the stream open, so flush them now,
	// with the reconnection delay for when the server restarts.
	if !s.write(w, rc, "retry: 500\n\n") {
		return
	}
	sent := -1
	send := func() bool {
		st := s.status.Load()
		if st.Seq == sent {
			return true
		}
		sent = st.Seq
		data, _ := json.Marshal(st)
		return s.write(w, rc, fmt.Sprintf("data: %s\n\n", data))
	}
	select {
	case <-s.ready:
	case <-r.Context().Done():
		return
	}
	if !send() {
		return
	}
	tick := time.NewTicker(s.opts.KeepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-mailbox:
			if !send() {
				return
			}
		case <-tick.C:
			if !s.write(w, rc, ": keep-alive\n\n") {
				return
			}
		}
	}
}

// write sends one chunk of the stream and flushes it. The write deadline moves with each
// chunk: the server's WriteTimeout is for pages, and a page that stopped reading is dropped.
func (s *Server) write(w http.ResponseWriter, rc *http.ResponseController, chunk string) bool {
	_ = rc.SetWriteDeadline(time.Now().Add(s.opts.KeepAlive + 10*time.Second))
	if _, err := w.Write([]byte(chunk)); err != nil {
		return false
	}
	return rc.Flush() == nil
}
