package main

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// InstallDependencies installs a program's or a plugin's packages (`pulumi install`, and
// `pulumi plugin install --file <dir>` of a PulumiPlugin.yaml directory) with the package manager
// of the `packagemanager` option or of its lockfile (npm without one), from the workspace root
// when the directory is part of an npm, yarn or pnpm workspace. Output streams back as messages.
func (h *nodeLanguageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	sender := &lockedSender[*pulumirpc.InstallDependenciesResponse]{send: server.Send}
	stdout := sender.writer(func(b []byte) *pulumirpc.InstallDependenciesResponse {
		return &pulumirpc.InstallDependenciesResponse{Stdout: b}
	})
	stderr := sender.writer(func(b []byte) *pulumirpc.InstallDependenciesResponse {
		return &pulumirpc.InstallDependenciesResponse{Stderr: b}
	})

	dir := req.GetInfo().GetProgramDirectory()
	options, err := parseNodeOptions(req.GetInfo().GetOptions().AsMap())
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	root, err := npm.FindWorkspaceRoot(dir)
	if errors.Is(err, npm.ErrNotInWorkspace) {
		root = dir
	} else if err != nil {
		return fmt.Errorf("could not look for the workspace root of %s: %w", dir, err)
	}
	fmt.Fprintf(stdout, "Installing dependencies in %s\n", root)
	manager, err := npm.Install(server.Context(), options.packageManager, root, false /*production*/, stdout, stderr)
	if err != nil {
		return fmt.Errorf("%s install in %s failed: %w", manager, root, err)
	}
	fmt.Fprintf(stdout, "Finished installing dependencies with %s\n", manager)
	return nil
}
