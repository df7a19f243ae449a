package main

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// The handlers of routes.go: each takes its stack or update and its decoded body (noBody when the
// body is not read) and answers with a value to send as JSON, or nil for 204.

type noBody struct{}

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

func (s *service) getStack(st *stackState, _ noBody) (any, error) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	return describe(st), nil
}

func (s *service) deleteStack(st *stackState, _ noBody) (any, error) {
	return nil, s.store.deleteStack(st.org, st.project, st.name)
}

func (s *service) exportStack(st *stackState, _ noBody) (any, error) {
	return s.store.export(st)
}

// importStack is `pulumi stack import`: an update that writes the given state whole.
func (s *service) importStack(st *stackState, deployment apitype.UntypedDeployment) (any, error) {
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

func (s *service) updateTags(st *stackState, tags map[apitype.StackTagName]string) (any, error) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	st.tags = tags
	return nil, nil
}

func (s *service) createUpdate(kind string) func(*stackState, apitype.UpdateProgramRequest) (any, error) {
	return func(st *stackState, _ apitype.UpdateProgramRequest) (any, error) {
		return apitype.UpdateProgramResponse{UpdateID: s.store.createUpdate(st, kind).id}, nil
	}
}

func (s *service) startUpdate(u *update, req apitype.StartUpdateRequest) (any, error) {
	return s.store.start(u, req, s.journal)
}

func (s *service) updateStatus(_ *update, _ noBody) (any, error) {
	return apitype.UpdateResults{Status: apitype.StatusRunning, Events: []apitype.UpdateEvent{}}, nil
}

func (s *service) journalEntries(u *update, req apitype.JournalEntries) (any, error) {
	return nil, s.store.addJournalEntries(u, req.Entries)
}

func (s *service) checkpoint(u *update, req apitype.PatchUpdateCheckpointRequest) (any, error) {
	return nil, s.store.saveCheckpoint(u, apitype.UntypedDeployment{
		Version: req.Version, Features: req.Features, Deployment: req.Deployment,
	})
}

func (s *service) checkpointVerbatim(u *update, req apitype.PatchUpdateVerbatimCheckpointRequest) (any, error) {
	var deployment apitype.UntypedDeployment
	if err := json.Unmarshal(req.UntypedDeployment, &deployment); err != nil {
		return nil, errBadRequest(fmt.Sprintf("reading the checkpoint: %v", err))
	}
	return nil, s.store.saveCheckpoint(u, deployment)
}

// events are the engine's progress events; the local service keeps none.
func (s *service) events(_ *update, _ noBody) (any, error) { return nil, nil }

func (s *service) renewLease(u *update, req apitype.RenewUpdateLeaseRequest) (any, error) {
	until, err := s.store.renew(u, req.Duration)
	if err != nil {
		return nil, err
	}
	return apitype.RenewUpdateLeaseResponse{Token: "lease-" + u.id, TokenExpiration: until.Unix()}, nil
}

// cancelUpdate is `pulumi cancel`: the stack is released, keeping what the update persisted.
func (s *service) cancelUpdate(u *update, _ noBody) (any, error) {
	return nil, s.store.complete(u)
}

func (s *service) completeUpdate(u *update, _ apitype.CompleteUpdateRequest) (any, error) {
	return nil, s.store.complete(u)
}
