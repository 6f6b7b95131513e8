#include "cli/cli.hpp"

int main(int argc, char** argv) { return ionarray::cli::run_cli(argc, argv); }
