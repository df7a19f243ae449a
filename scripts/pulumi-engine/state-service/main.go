// A local stand-in for the part of the Pulumi Cloud REST API that the Pulumi CLI uses as a state
// backend (`pulumi login http://127.0.0.1:<port>`): stacks, updates, leases, and checkpoints sent
// either whole or as a journal of steps, replayed with the CLI's own journal replayer. It keeps
// everything in memory and answers any access token unless -token is given. Built by
// scripts/pulumi-engine/state-service.ts into the engine cache; used by `npm run bench -- --engine`
// and the tests to run the engine with the backend most teams use (see docs/engine.md).
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (port 0: any free port)")
	organization := flag.String("organization", "organization", "the organization of every stack")
	token := flag.String("token", "", "the only access token accepted (default: any)")
	journal := flag.Bool("journal", true, "offer journaling (journal version 1) to the CLI")
	latency := flag.Duration("latency", 0, "time added to every request, as a network would")
	verbose := flag.Bool("verbose", false, "log every request")
	flag.Parse()

	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		logf("state service: %v", err)
		os.Exit(1)
	}
	svc := &service{
		store: newStore(), organization: *organization, token: *token,
		journal: *journal, latency: *latency, verbose: *verbose,
	}
	// The first line of stdout is the URL to log in to; callers wait for it.
	fmt.Fprintf(os.Stdout, "http://%s\n", listener.Addr().String())
	logf("state service: %v", http.Serve(listener, svc.routes()))
	os.Exit(1)
}
