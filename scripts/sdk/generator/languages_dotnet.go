// .NET: its generator left github.com/pulumi/pulumi/pkg/v3 for the pulumi-dotnet repository in
// 2026 (frozen in pkg, then deleted before the CLI release this project pins). This file is built
// against the last pkg release that still carries it (DOTNET_CODEGEN_VERSION in sdk-config.ts).
package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// logoVariable names the PNG the NuGet package gets as its icon. The .NET generator downloads
// the schema's logoUrl (by default Pulumi's logo on GitHub); generation stays offline and
// reproducible by answering that one download with this file instead.
const logoVariable = "PULUMI_SDKGEN_LOGO"

var generators = map[string]generator{
	"dotnet": func(pkg *schema.Package) (map[string][]byte, error) {
		logoPath := os.Getenv(logoVariable)
		if logoPath == "" {
			return nil, fmt.Errorf("set %s to the PNG the .NET package uses as its icon", logoVariable)
		}
		logo, err := os.ReadFile(logoPath)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", logoVariable, err)
		}
		http.DefaultTransport = localLogo(logo)
		return dotnet.GeneratePackage("pulumi-language-dotnet", pkg, nil, nil)
	},
}

// localLogo answers every HTTP request of the generator (there is one: the logo) with the file.
type localLogo []byte

func (l localLogo) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": []string{"image/png"}},
		Body:          io.NopCloser(bytes.NewReader(l)),
		ContentLength: int64(len(l)),
		Request:       req,
	}, nil
}
