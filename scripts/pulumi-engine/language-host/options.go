package main

import (
	"fmt"

	"github.com/google/shlex"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
)

// nodeOptions are the `runtime.options` of a Pulumi.yaml, PulumiPlugin.yaml or PulumiPolicy.yaml
// that this host honours.
type nodeOptions struct {
	// typescript: run .ts entry points through ts-node (default true).
	typescript bool
	// tsconfig: the tsconfig.json ts-node uses.
	tsconfig string
	// nodeargs: options of the node process, split like a shell would ("--max-old-space-size=4096").
	nodeArgs []string
	// packagemanager: npm, yarn, pnpm, bun or auto (the lockfile decides; npm without one).
	packageManager npm.PackageManagerType
}

// parseNodeOptions reads the runtime options, naming the option and what it takes when one is wrong.
func parseNodeOptions(options map[string]any) (nodeOptions, error) {
	parsed := nodeOptions{typescript: true, packageManager: npm.AutoPackageManager}
	if value, ok := options["typescript"]; ok {
		typescript, isBool := value.(bool)
		if !isBool {
			return parsed, fmt.Errorf("runtime option typescript must be true or false, got %v", value)
		}
		parsed.typescript = typescript
	}
	if value, ok := options["tsconfig"]; ok {
		tsconfig, isString := value.(string)
		if !isString {
			return parsed, fmt.Errorf("runtime option tsconfig must be a path to a tsconfig.json, got %v", value)
		}
		parsed.tsconfig = tsconfig
	}
	if value, ok := options["nodeargs"]; ok {
		nodeArgs, isString := value.(string)
		if !isString {
			return parsed, fmt.Errorf("runtime option nodeargs must be a string of node options, got %v", value)
		}
		args, err := shlex.Split(nodeArgs)
		if err != nil {
			return parsed, fmt.Errorf("runtime option nodeargs %q: %w", nodeArgs, err)
		}
		parsed.nodeArgs = args
	}
	if value, ok := options["packagemanager"]; ok {
		// A value that is not a string reads as "", which is no package manager.
		manager, _ := value.(string)
		switch npm.PackageManagerType(manager) {
		case npm.AutoPackageManager, npm.NpmPackageManager, npm.YarnPackageManager,
			npm.PnpmPackageManager, npm.BunPackageManager:
			parsed.packageManager = npm.PackageManagerType(manager)
		default:
			return parsed, fmt.Errorf(
				"runtime option packagemanager must be one of auto, npm, yarn, pnpm or bun, got %v", value)
		}
	}
	return parsed, nil
}

// environment is how @pulumi/pulumi's runners read the TypeScript options.
func (o nodeOptions) environment() []string {
	env := []string{fmt.Sprintf("PULUMI_NODEJS_TYPESCRIPT=%t", o.typescript)}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}
