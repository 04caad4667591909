#pragma once
// `budgethub` command line: serve, migrate, config, version.
namespace bh::app {

int run_cli(int argc, char** argv);

}  // namespace bh::app
