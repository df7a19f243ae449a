module github.com/pulumi-sentry-rotation/pulumi-sentry-rotation/sdk/go

go 1.25.11

require github.com/pulumi/pulumi/sdk/v3 v3.248.0
