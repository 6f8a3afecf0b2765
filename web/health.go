package web

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// checkTimeout bounds each readiness check, so a stuck database makes
// /readyz say so rather than hang.
const checkTimeout = 2 * time.Second

// healthz answers while the process runs: a service manager restarts the
// process when it stops answering.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
}

// readiness is /readyz's body: each check's state, and the names of those
// that are not ready, so an operator sees at once what is missing.
type readiness struct {
	Ready    bool              `json:"ready"`
	Checks   map[string]string `json:"checks"`
	NotReady []string          `json:"not_ready"`
}

// readyz answers 200 when every check passes and 503 otherwise.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	checks := append([]check(nil), s.checks...)
	pages := s.kb != nil && s.asker != nil
	s.mu.RUnlock()
	body := readiness{Ready: true, Checks: map[string]string{}, NotReady: []string{}}
	if len(checks) == 0 {
		body.Ready = false
		body.Checks["startup"] = "nothing to serve has started yet"
		body.NotReady = append(body.NotReady, "startup")
	} else if !pages {
		// The database may be open before the pages have it to show:
		// ready means every page answers.
		body.Ready = false
		body.Checks["pages"] = "the knowledge base is still opening"
		body.NotReady = append(body.NotReady, "pages")
	}
	for _, c := range checks {
		ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
		err := c.ready(ctx)
		cancel()
		if err != nil {
			body.Ready = false
			body.Checks[c.name] = err.Error()
			body.NotReady = append(body.NotReady, c.name)
			continue
		}
		body.Checks[c.name] = "ok"
	}
	status := http.StatusOK
	if !body.Ready {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, body)
}

// metricsPage serves the metrics, never cached.
func (s *Server) metricsPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.metrics.ServeHTTP(w, r)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
