package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// The scripts of @pulumi/pulumi that start a plugin, resolved from the plugin's directory.
const (
	// run-plugin <plugin dir> <args...>: loads the package's main, which serves a provider (or a
	// component provider) and prints its port.
	pluginRunner = "@pulumi/pulumi/cmd/run-plugin"
	// run-policy-pack <engine address> <pack dir>: loads the pack, which serves the Analyzer and
	// prints its port.
	policyPackRunner = "@pulumi/pulumi/cmd/run-policy-pack"
)

// RunPlugin starts a Node.js plugin the engine found as a directory (a provider with
// PulumiPlugin.yaml, a policy pack with PulumiPolicy.yaml): node runs the SDK's runner on it, its
// stdout and stderr stream back as messages (the first stdout line is its port), and its exit code
// ends the stream. The engine ends the plugin by cancelling the call, which kills node.
func (h *nodeLanguageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	ctx := server.Context()
	sender := &lockedSender[*pulumirpc.RunPluginResponse]{send: server.Send}
	stdout := sender.writer(func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
	})
	stderr := sender.writer(func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}}
	})

	info := req.GetInfo()
	pluginDir := info.GetProgramDirectory()
	options, err := parseNodeOptions(info.GetOptions().AsMap())
	if err != nil {
		return fmt.Errorf("plugin in %s: %w", pluginDir, err)
	}
	policyPack := req.GetKind() == string(apitype.AnalyzerPlugin)
	runner := pluginRunner
	if policyPack {
		runner = policyPackRunner
	}
	script, err := resolveModule(pluginDir, runner)
	if err != nil {
		return fmt.Errorf("could not find %s from the plugin in %s (run npm install there): %w",
			runner, pluginDir, err)
	}

	cmd := exec.CommandContext(ctx, "node", pluginArguments(script, pluginDir, req.GetArgs(), options, policyPack)...)
	// The engine sends its whole environment; the options add the TypeScript settings.
	cmd.Env = append(append([]string{}, req.GetEnv()...), options.environment()...)
	cmd.Stderr = stderr
	// A policy pack runs in its own directory (its SDK, its files), as Pulumi always ran packs; a
	// provider in the program's directory, like a provider binary.
	cmd.Dir = req.GetPwd()
	if policyPack || cmd.Dir == "" {
		cmd.Dir = pluginDir
	}

	if policyPack {
		err = runPolicyPack(ctx, cmd, stdout)
	} else {
		cmd.Stdout = stdout
		err = cmd.Run()
	}
	return pluginExit(ctx, sender, err)
}

// pluginArguments is node's command line: node options, the runner, then what the runner takes.
func pluginArguments(script, pluginDir string, engineArgs []string, options nodeOptions, policyPack bool) []string {
	args := append(append([]string{}, options.nodeArgs...), script)
	if policyPack {
		// The engine's arguments are its logging flags and its address; the pack directory comes last.
		args = append(args, engineArgs...)
		return append(args, pluginDir)
	}
	// run-plugin hands everything after the directory to the plugin's main (the engine address).
	args = append(args, pluginDir)
	return append(args, engineArgs...)
}

// runPolicyPack starts the pack behind the SDK's policy proxy. The engine talks to the proxy
// first: its ConfigureStack call carries the stack (organization, project, stack, dry run, config)
// that @pulumi/policy reads from the environment, so the pack can only start after it; the proxy
// then forwards every Analyzer call to the pack and returns when the pack exits.
func runPolicyPack(ctx context.Context, cmd *exec.Cmd, stdout io.Writer) error {
	proxy, packStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	// Prints the proxy's port (the engine's first stdout line) and waits for ConfigureStack.
	stack, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("the engine sent no stack configuration to the policy pack: %w", err)
	}
	env, err := policyPackEnvironment(stack)
	if err != nil {
		return err
	}
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout = packStdout
	if err := cmd.Start(); err != nil {
		return err
	}
	// Reads the pack's port from its stdout, connects, passes ConfigureStack on, waits for its exit.
	return proxy.Attach(ctx, cmd)
}

// policyPackEnvironment is the stack as @pulumi/pulumi's runtime settings read it in a pack.
func policyPackEnvironment(stack *pulumirpc.AnalyzerStackConfigureRequest) ([]string, error) {
	if stack == nil { // e.g. `pulumi policy publish`: no stack
		return nil, nil
	}
	config, err := json.Marshal(nonNil(stack.GetConfig()))
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(nonNilSlice(stack.GetConfigSecretKeys()))
	if err != nil {
		return nil, err
	}
	env := []string{
		"PULUMI_NODEJS_DRY_RUN=" + strconv.FormatBool(stack.GetDryRun()),
		"PULUMI_CONFIG=" + string(config),
		"PULUMI_CONFIG_SECRET_KEYS=" + string(secretKeys),
	}
	for name, value := range map[string]string{
		"PULUMI_NODEJS_ORGANIZATION": stack.GetOrganization(),
		"PULUMI_NODEJS_PROJECT":      stack.GetProject(),
		"PULUMI_NODEJS_STACK":        stack.GetStack(),
	} {
		if value != "" {
			env = append(env, name+"="+value)
		}
	}
	return env, nil
}

// pluginExit ends the stream: a clean exit as end of stream (the engine reads exit code 0), any
// other exit as an Exitcode message, so the engine reports "exit status N" with what the plugin
// wrote to stderr. A call the engine cancelled (it ended the plugin) needs no answer.
func pluginExit(
	ctx context.Context, sender *lockedSender[*pulumirpc.RunPluginResponse], err error,
) error {
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.As(err, &exitErr) && exitErr.ExitCode() >= 0:
		return sender.Send(&pulumirpc.RunPluginResponse{
			Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(exitErr.ExitCode())},
		})
	default:
		return fmt.Errorf("could not run the plugin with node: %w", err)
	}
}
