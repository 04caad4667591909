// composecheck loads a Compose file the way `docker compose config` does (compose-go: the Compose
// Specification's JSON schema, interpolation, then the semantic checks such as depends_on naming a
// real service) and prints the resolved project as JSON on stdout. Exit 1 with the problem on stderr.
//
//	composecheck -f deploy/compose.yaml --env-file deploy/env.example
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	file := flag.String("f", "compose.yaml", "Compose file")
	envFile := flag.String("env-file", "", "file of KEY=VALUE lines used for interpolation (like .env)")
	flag.Parse()

	opts := []cli.ProjectOptionsFn{
		cli.WithWorkingDirectory(filepath.Dir(*file)),
		cli.WithName("budgethub"),
		cli.WithResolvedPaths(false),
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
	}
	if *envFile != "" {
		opts = append(opts, cli.WithEnvFiles(*envFile), cli.WithDotEnv)
	}
	options, err := cli.NewProjectOptions([]string{*file}, opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
	fmt.Println()
}
