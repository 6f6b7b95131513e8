#include "cli/cli.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "device/device.hpp"
#include "io/input_error.hpp"
#include "reference/device_params.hpp"

namespace ionarray::cli {

int run_cli(int argc, char** argv) {
  CLI::App app{"ionarray: emulator of diffusive-memristor neuron arrays"};
  app.require_subcommand(1);
  add_device_commands(app);
  add_neuron_command(app);
  add_accuracy_command(app);
  add_quantization_sweep_command(app);
  add_run_commands(app);
  add_lockstep_command(app);
  add_estimate_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const ionarray::InputError& e) {
    fmt::print(stderr, "ionarray: error: {}\n", e.what());
    return 2;
  } catch (const std::invalid_argument& e) {  // parameter or fixed-point range errors
    fmt::print(stderr, "ionarray: error: {}\n", e.what());
    return 2;
  } catch (const Interrupted& e) {
    fmt::print(stderr, "ionarray: {}\n", e.what());
    return 128 + e.signal();
  } catch (const ionarray::DeviceError& e) {
    fmt::print(stderr, "ionarray: device error: {}\n", e.what());
    return 3;
  } catch (const std::exception& e) {
    fmt::print(stderr, "ionarray: internal error: {}\n", e.what());
    return 4;
  }
  return 0;
}

}  // namespace ionarray::cli
