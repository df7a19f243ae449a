package main

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// httpError carries the status the service answers with.
type httpError struct {
	status  int
	message string
}

func (e *httpError) Error() string { return e.message }

func errNotFound(msg string) error   { return &httpError{http.StatusNotFound, msg} }
func errConflict(msg string) error   { return &httpError{http.StatusConflict, msg} }
func errBadRequest(msg string) error { return &httpError{http.StatusBadRequest, msg} }

// service answers the part of the Pulumi Cloud REST API that the CLI's state backend uses.
type service struct {
	store        *store
	organization string
	token        string
	journal      bool
	latency      time.Duration
	verbose      bool
}

func (s *service) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/capabilities", s.json(func(*http.Request) (any, error) {
		return apitype.CapabilitiesResponse{}, nil
	}))
	mux.HandleFunc("GET /api/user", s.json(func(*http.Request) (any, error) {
		return map[string]any{
			"id": "local", "githubLogin": s.organization, "name": "local state service",
			"organizations": []map[string]string{{"githubLogin": s.organization}},
		}, nil
	}))
	mux.HandleFunc("GET /api/user/organizations/default", s.json(func(*http.Request) (any, error) {
		return apitype.GetDefaultOrganizationResponse{GitHubLogin: s.organization}, nil
	}))
	mux.HandleFunc("GET /api/user/stacks", s.json(func(r *http.Request) (any, error) {
		return s.listStacks(r.URL.Query().Get("organization")), nil
	}))
	mux.HandleFunc("GET /api/stacks/{org}", s.json(func(r *http.Request) (any, error) {
		return s.listStacks(r.PathValue("org")), nil
	}))
	mux.HandleFunc("POST /api/stacks/{org}/{project}", s.json(s.createStack))
	mux.HandleFunc("HEAD /api/stacks/{org}/{project}", func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(w, r) {
			return
		}
		if s.store.projectExists(r.PathValue("org"), r.PathValue("project")) {
			w.WriteHeader(http.StatusOK)
		} else {
			w.WriteHeader(http.StatusNotFound)
		}
	})
	mux.HandleFunc("GET /api/stacks/{org}/{project}/{stack}", s.json(onStack(s, s.getStack)))
	mux.HandleFunc("DELETE /api/stacks/{org}/{project}/{stack}", s.json(onStack(s, s.deleteStack)))
	mux.HandleFunc("GET /api/stacks/{org}/{project}/{stack}/export", s.json(onStack(s, s.exportStack)))
	mux.HandleFunc("POST /api/stacks/{org}/{project}/{stack}/import", s.json(onStack(s, s.importStack)))
	mux.HandleFunc("PATCH /api/stacks/{org}/{project}/{stack}/tags", s.json(onStack(s, s.updateTags)))
	for _, kind := range []string{"update", "preview", "refresh", "destroy"} {
		mux.HandleFunc("POST /api/stacks/{org}/{project}/{stack}/"+kind, s.json(onStack(s, s.createUpdate(kind))))
	}
	base := "/api/stacks/{org}/{project}/{stack}/{kind}/{id}"
	mux.HandleFunc("POST "+base, s.json(onUpdate(s, s.startUpdate)))
	mux.HandleFunc("GET "+base, s.json(onUpdate(s, s.updateStatus)))
	mux.HandleFunc("PATCH "+base+"/journalentries", s.json(onUpdate(s, s.journalEntries)))
	mux.HandleFunc("PATCH "+base+"/checkpoint", s.json(onUpdate(s, s.checkpoint)))
	mux.HandleFunc("PATCH "+base+"/checkpointverbatim", s.json(onUpdate(s, s.checkpointVerbatim)))
	mux.HandleFunc("POST "+base+"/events/batch", s.json(onUpdate(s, s.events)))
	mux.HandleFunc("POST "+base+"/events", s.json(onUpdate(s, s.events)))
	mux.HandleFunc("POST "+base+"/renew_lease", s.json(onUpdate(s, s.renewLease)))
	mux.HandleFunc("POST "+base+"/complete", s.json(onUpdate(s, s.completeUpdate)))
	mux.HandleFunc("POST "+base+"/cancel", s.json(onUpdate(s, s.cancelUpdate)))
	mux.HandleFunc("GET /__service/figures", func(w http.ResponseWriter, _ *http.Request) {
		s.store.mu.Lock()
		defer s.store.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]int{
			"journalEntries": s.store.journalEntries, "checkpoints": s.store.checkpoints,
		})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		logf("state service: no route for %s %s", r.Method, r.URL.Path)
		writeJSON(w, http.StatusNotFound, apitype.ErrorResponse{
			Code: http.StatusNotFound, Message: fmt.Sprintf("the local state service has no %s %s", r.Method, r.URL.Path),
		})
	})
	return mux
}

// json wraps a handler: the latency, the token check, and the answer or error as JSON.
func (s *service) json(handle func(*http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(w, r) {
			return
		}
		body, err := handle(r)
		if s.verbose || err != nil {
			logf("state service: %s %s: %v", r.Method, r.URL.Path, err)
		}
		var he *httpError
		switch {
		case errors.As(err, &he):
			writeJSON(w, he.status, apitype.ErrorResponse{Code: he.status, Message: he.message})
		case err != nil:
			writeJSON(w, http.StatusInternalServerError,
				apitype.ErrorResponse{Code: http.StatusInternalServerError, Message: err.Error()})
		case body == nil:
			w.WriteHeader(http.StatusNoContent)
		default:
			writeJSON(w, http.StatusOK, body)
		}
	}
}

// authorized waits the configured latency, then accepts the access token or an update's lease.
func (s *service) authorized(w http.ResponseWriter, r *http.Request) bool {
	time.Sleep(s.latency)
	auth := r.Header.Get("Authorization")
	if strings.HasPrefix(auth, "update-token ") || s.token == "" || auth == "token "+s.token {
		return true
	}
	writeJSON(w, http.StatusUnauthorized,
		apitype.ErrorResponse{Code: http.StatusUnauthorized, Message: "invalid access token"})
	return false
}

// logf writes to stderr itself: Pulumi's logging (glog) takes over the standard log package.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// decode reads a JSON body into `into`; an empty body leaves it as it is.
func decode(r *http.Request, into any) error {
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" { // the CLI compresses large bodies
		unzipped, err := gzip.NewReader(r.Body)
		if err != nil {
			return errBadRequest(fmt.Sprintf("reading the gzip request body: %v", err))
		}
		defer unzipped.Close()
		body = unzipped
	}
	if err := json.NewDecoder(body).Decode(into); err != nil && !errors.Is(err, io.EOF) {
		return errBadRequest(fmt.Sprintf("reading the request body: %v", err))
	}
	return nil
}

// onStack serves a call on the stack the path names, with the body decoded into a T.
func onStack[T any](s *service, handle func(*stackState, T) (any, error)) func(*http.Request) (any, error) {
	return func(r *http.Request) (any, error) {
		st, err := s.store.stack(r.PathValue("org"), r.PathValue("project"), r.PathValue("stack"))
		if err != nil {
			return nil, err
		}
		var req T
		if _, unread := any(req).(noBody); !unread {
			if err := decode(r, &req); err != nil {
				return nil, err
			}
		}
		return handle(st, req)
	}
}

// onUpdate serves a call on the update the path names (whose kind segment is always "update").
func onUpdate[T any](s *service, handle func(*update, T) (any, error)) func(*http.Request) (any, error) {
	return func(r *http.Request) (any, error) {
		return onStack(s, func(st *stackState, req T) (any, error) {
			u, err := s.store.update(st, r.PathValue("id"))
			if err != nil {
				return nil, err
			}
			return handle(u, req)
		})(r)
	}
}
