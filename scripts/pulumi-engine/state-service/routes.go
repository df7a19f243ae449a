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
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
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
	mux.HandleFunc("GET /api/stacks/{org}/{project}/{stack}", s.json(s.getStack))
	mux.HandleFunc("DELETE /api/stacks/{org}/{project}/{stack}", s.json(func(r *http.Request) (any, error) {
		return nil, s.store.deleteStack(r.PathValue("org"), r.PathValue("project"), r.PathValue("stack"))
	}))
	mux.HandleFunc("GET /api/stacks/{org}/{project}/{stack}/export", s.json(s.exportStack))
	mux.HandleFunc("POST /api/stacks/{org}/{project}/{stack}/import", s.json(s.importStack))
	mux.HandleFunc("PATCH /api/stacks/{org}/{project}/{stack}/tags", s.json(s.updateTags))
	for _, kind := range []string{"update", "preview", "refresh", "destroy"} {
		mux.HandleFunc("POST /api/stacks/{org}/{project}/{stack}/"+kind, s.json(s.createUpdate(kind)))
	}
	base := "/api/stacks/{org}/{project}/{stack}/{kind}/{id}"
	mux.HandleFunc("POST "+base, s.json(s.startUpdate))
	mux.HandleFunc("GET "+base, s.json(s.updateStatus))
	mux.HandleFunc("PATCH "+base+"/journalentries", s.json(s.journalEntries))
	mux.HandleFunc("PATCH "+base+"/checkpoint", s.json(s.checkpoint))
	mux.HandleFunc("PATCH "+base+"/checkpointverbatim", s.json(s.checkpointVerbatim))
	mux.HandleFunc("POST "+base+"/events/batch", s.json(s.events))
	mux.HandleFunc("POST "+base+"/events", s.json(s.events))
	mux.HandleFunc("POST "+base+"/renew_lease", s.json(s.renewLease))
	mux.HandleFunc("POST "+base+"/complete", s.json(s.completeUpdate))
	mux.HandleFunc("POST "+base+"/cancel", s.json(s.cancelUpdate))
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
	if err := json.NewDecoder(body).Decode(into); err != nil {
		return errBadRequest(fmt.Sprintf("reading the request body: %v", err))
	}
	return nil
}

func (s *service) stackOf(r *http.Request) (*stackState, error) {
	return s.store.stack(r.PathValue("org"), r.PathValue("project"), r.PathValue("stack"))
}

func (s *service) updateOf(r *http.Request) (*update, error) {
	st, err := s.stackOf(r)
	if err != nil {
		return nil, err
	}
	return s.store.update(st, r.PathValue("id"))
}

func describe(st *stackState) apitype.Stack {
	out := apitype.Stack{
		ID: stackKey(st.org, st.project, st.name), OrgName: st.org, ProjectName: st.project,
		StackName: tokens.QName(st.name), Tags: st.tags, Version: st.version,
	}
	if st.active != nil {
		out.ActiveUpdate = st.active.id
		out.CurrentOperation = &apitype.OperationStatus{Kind: apitype.UpdateKind(st.active.kind), Author: st.org}
	}
	return out
}

func (s *service) listStacks(org string) apitype.ListStacksResponse {
	resp := apitype.ListStacksResponse{Stacks: []apitype.StackSummary{}}
	for _, st := range s.store.list(org) {
		resp.Stacks = append(resp.Stacks, apitype.StackSummary{
			OrgName: st.org, ProjectName: st.project, StackName: st.name,
		})
	}
	return resp
}

func (s *service) createStack(r *http.Request) (any, error) {
	var req apitype.CreateStackRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	if _, err := s.store.createStack(r.PathValue("org"), r.PathValue("project"), req); err != nil {
		return nil, err
	}
	return apitype.CreateStackResponse{}, nil
}

func (s *service) getStack(r *http.Request) (any, error) {
	st, err := s.stackOf(r)
	if err != nil {
		return nil, err
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	return describe(st), nil
}

func (s *service) exportStack(r *http.Request) (any, error) {
	st, err := s.stackOf(r)
	if err != nil {
		return nil, err
	}
	return s.store.export(st)
}

func (s *service) importStack(r *http.Request) (any, error) {
	st, err := s.stackOf(r)
	if err != nil {
		return nil, err
	}
	var deployment apitype.UntypedDeployment
	if err := decode(r, &deployment); err != nil {
		return nil, err
	}
	u := s.store.createUpdate(st, "update")
	if _, err := s.store.start(u, apitype.StartUpdateRequest{}, false); err != nil {
		return nil, err
	}
	if err := s.store.saveCheckpoint(u, deployment); err != nil {
		return nil, err
	}
	if err := s.store.complete(u); err != nil {
		return nil, err
	}
	return apitype.ImportStackResponse{UpdateID: u.id}, nil
}

func (s *service) updateTags(r *http.Request) (any, error) {
	st, err := s.stackOf(r)
	if err != nil {
		return nil, err
	}
	var tags map[apitype.StackTagName]string
	if err := decode(r, &tags); err != nil {
		return nil, err
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	st.tags = tags
	return nil, nil
}

func (s *service) createUpdate(kind string) func(*http.Request) (any, error) {
	return func(r *http.Request) (any, error) {
		st, err := s.stackOf(r)
		if err != nil {
			return nil, err
		}
		var req apitype.UpdateProgramRequest
		if err := decode(r, &req); err != nil {
			return nil, err
		}
		return apitype.UpdateProgramResponse{UpdateID: s.store.createUpdate(st, kind).id}, nil
	}
}

func (s *service) startUpdate(r *http.Request) (any, error) {
	u, err := s.updateOf(r)
	if err != nil {
		return nil, err
	}
	var req apitype.StartUpdateRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	return s.store.start(u, req, s.journal)
}

func (s *service) updateStatus(r *http.Request) (any, error) {
	if _, err := s.updateOf(r); err != nil {
		return nil, err
	}
	return apitype.UpdateResults{Status: apitype.StatusRunning, Events: []apitype.UpdateEvent{}}, nil
}

func (s *service) journalEntries(r *http.Request) (any, error) {
	u, err := s.updateOf(r)
	if err != nil {
		return nil, err
	}
	var req apitype.JournalEntries
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	return nil, s.store.addJournalEntries(u, req.Entries)
}

func (s *service) checkpoint(r *http.Request) (any, error) {
	u, err := s.updateOf(r)
	if err != nil {
		return nil, err
	}
	var req apitype.PatchUpdateCheckpointRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	return nil, s.store.saveCheckpoint(u, apitype.UntypedDeployment{
		Version: req.Version, Features: req.Features, Deployment: req.Deployment,
	})
}

func (s *service) checkpointVerbatim(r *http.Request) (any, error) {
	u, err := s.updateOf(r)
	if err != nil {
		return nil, err
	}
	var req apitype.PatchUpdateVerbatimCheckpointRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	var deployment apitype.UntypedDeployment
	if err := json.Unmarshal(req.UntypedDeployment, &deployment); err != nil {
		return nil, errBadRequest(fmt.Sprintf("reading the checkpoint: %v", err))
	}
	return nil, s.store.saveCheckpoint(u, deployment)
}

// events are the engine's progress events; the local service keeps none.
func (s *service) events(r *http.Request) (any, error) {
	if _, err := s.updateOf(r); err != nil {
		return nil, err
	}
	return nil, nil
}

func (s *service) renewLease(r *http.Request) (any, error) {
	u, err := s.updateOf(r)
	if err != nil {
		return nil, err
	}
	var req apitype.RenewUpdateLeaseRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	until, err := s.store.renew(u, req.Duration)
	if err != nil {
		return nil, err
	}
	return apitype.RenewUpdateLeaseResponse{Token: "lease-" + u.id, TokenExpiration: until.Unix()}, nil
}

// cancelUpdate is `pulumi cancel`: the stack is released, keeping what the update persisted.
func (s *service) cancelUpdate(r *http.Request) (any, error) {
	u, err := s.updateOf(r)
	if err != nil {
		return nil, err
	}
	return nil, s.store.complete(u)
}

func (s *service) completeUpdate(r *http.Request) (any, error) {
	u, err := s.updateOf(r)
	if err != nil {
		return nil, err
	}
	var req apitype.CompleteUpdateRequest
	if err := decode(r, &req); err != nil {
		return nil, err
	}
	return nil, s.store.complete(u)
}
