package main

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/pulumi/pulumi/pkg/v3/backend"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// stackState is one stack: its latest checkpoint and the update running on it, if any.
type stackState struct {
	org, project, name string
	tags               map[apitype.StackTagName]string
	version            int
	checkpoint         apitype.UntypedDeployment
	active             *update
}

// update is one `pulumi up`, `preview`, `refresh` or `destroy` against a stack.
type update struct {
	id, kind   string
	stack      *stackState
	journaling bool
	replayer   *backend.JournalReplayer
	// A full checkpoint the CLI sent (the non-journaling protocol); it wins over the journal.
	checkpoint *apitype.UntypedDeployment
	journalled int
	// When the lease the CLI renews while it runs ends (told to the CLI, not enforced).
	leaseUntil time.Time
}

// leaseDuration is how long a start or a renewal holds the stack (Pulumi Cloud's maximum).
const leaseDuration = 5 * time.Minute

// store holds every stack in memory, for the life of the process.
type store struct {
	mu      sync.Mutex
	stacks  map[string]*stackState
	updates map[string]*update
	nextID  int
	// How many journal entries and full checkpoints arrived, for the figures of a benchmark.
	journalEntries, checkpoints int
}

func newStore() *store {
	return &store{stacks: map[string]*stackState{}, updates: map[string]*update{}}
}

func stackKey(org, project, name string) string { return org + "/" + project + "/" + name }

func (s *store) createStack(org, project string, req apitype.CreateStackRequest) (*stackState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := stackKey(org, project, req.StackName)
	if _, ok := s.stacks[key]; ok {
		return nil, errConflict(fmt.Sprintf("stack '%s' already exists", key))
	}
	st := &stackState{org: org, project: project, name: req.StackName, tags: req.Tags}
	if req.State != nil {
		st.checkpoint = *req.State
	}
	s.stacks[key] = st
	return st, nil
}

func (s *store) stack(org, project, name string) (*stackState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.stacks[stackKey(org, project, name)]
	if !ok {
		return nil, errNotFound(fmt.Sprintf("stack '%s' not found", stackKey(org, project, name)))
	}
	return st, nil
}

func (s *store) deleteStack(org, project, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := stackKey(org, project, name)
	if _, ok := s.stacks[key]; !ok {
		return errNotFound(fmt.Sprintf("stack '%s' not found", key))
	}
	delete(s.stacks, key)
	return nil
}

func (s *store) projectExists(org, project string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.stacks {
		if st.org == org && st.project == project {
			return true
		}
	}
	return false
}

func (s *store) list(org string) []*stackState {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*stackState
	for _, st := range s.stacks {
		if org == "" || st.org == org {
			out = append(out, st)
		}
	}
	return out
}

// export is the stack's latest state; during an update, what its journal holds so far.
func (s *store) export(st *stackState) (apitype.UntypedDeployment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.active != nil && st.active.kind != "preview" {
		return st.active.current()
	}
	return st.checkpoint, nil
}

func (s *store) createUpdate(st *stackState, kind string) *update {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	u := &update{id: fmt.Sprintf("%s-%d", kind, s.nextID), kind: kind, stack: st}
	s.updates[u.id] = u
	return u
}

// update finds an update of the stack by its id (the CLI's paths always say "update" for the kind).
func (s *store) update(st *stackState, id string) (*update, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.updates[id]
	if !ok || u.stack != st {
		return nil, errNotFound(fmt.Sprintf("update '%s' not found", id))
	}
	return u, nil
}

// start begins an update: one at a time per stack, journaling when the CLI offers it.
func (s *store) start(u *update, req apitype.StartUpdateRequest, journal bool) (apitype.StartUpdateResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := u.stack
	// Pulumi Cloud also frees a stack whose lease ran out; here `pulumi cancel` (or a restart) does.
	if st.active != nil {
		return apitype.StartUpdateResponse{}, errConflict(
			fmt.Sprintf("another update (%s) is in progress on this stack", st.active.id))
	}
	if req.Tags != nil {
		st.tags = req.Tags
	}
	base, err := baseDeployment(st.checkpoint)
	if err != nil {
		return apitype.StartUpdateResponse{}, err
	}
	u.journaling = journal && req.JournalVersion >= 1 && u.kind != "preview"
	if u.journaling {
		u.replayer = backend.NewJournalReplayer(base)
	}
	st.active = u
	u.leaseUntil = time.Now().Add(leaseDuration)
	version := st.version
	if u.kind != "preview" {
		version++
	}
	resp := apitype.StartUpdateResponse{
		Version:         version,
		Token:           "lease-" + u.id,
		TokenExpiration: u.leaseUntil.Unix(),
	}
	if u.journaling {
		resp.JournalVersion = 1
	}
	return resp, nil
}

func (s *store) addJournalEntries(u *update, entries []apitype.JournalEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !u.journaling || u.stack.active != u {
		return errConflict(fmt.Sprintf("update '%s' is not journaling", u.id))
	}
	for _, entry := range entries {
		if err := u.replayer.Add(entry); err != nil {
			return err
		}
	}
	u.journalled += len(entries)
	s.journalEntries += len(entries)
	return nil
}

func (s *store) saveCheckpoint(u *update, checkpoint apitype.UntypedDeployment) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.stack.active != u {
		return errConflict(fmt.Sprintf("update '%s' is not in progress", u.id))
	}
	u.checkpoint = &checkpoint
	s.checkpoints++
	return nil
}

// complete ends an update (succeeded, failed or cancelled): what it persisted becomes the stack's
// state, as Pulumi Cloud keeps a failed update's partial state; a preview changes nothing.
func (s *store) complete(u *update) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := u.stack
	if st.active != u {
		return errConflict(fmt.Sprintf("update '%s' is not in progress", u.id))
	}
	st.active = nil
	delete(s.updates, u.id)
	if u.kind == "preview" {
		return nil
	}
	latest, err := u.current()
	if err != nil {
		return err
	}
	st.checkpoint = latest
	st.version++
	return nil
}

// renew extends the update's hold on its stack (at most leaseDuration).
func (s *store) renew(u *update, seconds int) (time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.stack.active != u {
		return time.Time{}, errConflict(fmt.Sprintf("update '%s' is not in progress", u.id))
	}
	d := time.Duration(seconds) * time.Second
	if d <= 0 || d > leaseDuration {
		d = leaseDuration
	}
	u.leaseUntil = time.Now().Add(d)
	return u.leaseUntil, nil
}

// current is the state this update has persisted so far.
func (u *update) current() (apitype.UntypedDeployment, error) {
	if u.checkpoint != nil {
		return *u.checkpoint, nil
	}
	if !u.journaling {
		return u.stack.checkpoint, nil
	}
	deployment, err := u.replayer.GenerateDeployment()
	if err != nil {
		return apitype.UntypedDeployment{}, fmt.Errorf("replaying the journal of %s: %w", u.id, err)
	}
	raw, err := json.Marshal(deployment.Deployment)
	if err != nil {
		return apitype.UntypedDeployment{}, err
	}
	return apitype.UntypedDeployment{Version: deployment.Version, Features: deployment.Features, Deployment: raw}, nil
}

// baseDeployment is the state a journal replays onto: the stack's latest, or an empty one for a
// new stack (the replayer reads the base's secrets provider, so never nil).
func baseDeployment(checkpoint apitype.UntypedDeployment) (*apitype.DeploymentV3, error) {
	if len(checkpoint.Deployment) == 0 {
		return &apitype.DeploymentV3{}, nil
	}
	var base apitype.DeploymentV3
	if err := json.Unmarshal(checkpoint.Deployment, &base); err != nil {
		return nil, fmt.Errorf("reading the stack's checkpoint: %w", err)
	}
	return &base, nil
}
