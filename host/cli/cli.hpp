#pragma once
// The `ionarray` tool: its subcommands, their errors as messages and exit statuses (2: bad
// input, 3: device error, 4: internal error, 128 + N: stopped by signal N).
namespace ionarray::cli {

int run_cli(int argc, char** argv);

}  // namespace ionarray::cli
