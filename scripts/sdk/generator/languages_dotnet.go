// .NET: its generator left github.com/pulumi/pulumi/pkg/v3 for the pulumi-dotnet repository in
// 2026 (frozen in pkg, then deleted before the CLI release this project pins). This file is built
// against the last pkg release that still carries it (DOTNET_CODEGEN_VERSION in sdk-config.ts).
package main

import (
	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

var generators = map[string]generator{
	"dotnet": func(pkg *schema.Package) (map[string][]byte, error) {
		return dotnet.GeneratePackage("pulumi-language-dotnet", pkg, nil, nil)
	},
}
