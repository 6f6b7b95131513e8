#pragma once
// Subcommands of the `ionarray` tool; each registers itself on the app.
#include <CLI/CLI.hpp>

namespace ionarray::cli {

void add_device_commands(CLI::App& app);  // device dc-sweep | pulse | fit
void add_neuron_command(CLI::App& app);   // neuron
void add_accuracy_command(CLI::App& app); // accuracy
void add_quantization_sweep_command(CLI::App& app);  // quantization-sweep
void add_run_commands(CLI::App& app);      // run, check
void add_lockstep_command(CLI::App& app);  // lockstep
void add_estimate_command(CLI::App& app);  // estimate

}  // namespace ionarray::cli
