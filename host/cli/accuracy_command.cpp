// ionarray accuracy: the fixed-point engine against the reference model.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "experiments/accuracy.hpp"
#include "io/output_dir.hpp"

namespace ionarray::cli {

void add_accuracy_command(CLI::App& app) {
  struct Args {
    std::string out;
    std::uint64_t seed = 1;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("accuracy", "fixed-point engine against the reference model, same noise streams");
  cmd->add_option("--out", a->out, "output folder (accuracy.json)")->required();
  cmd->add_option("--seed", a->seed, "seed of devices and noise")->capture_default_str();
  cmd->callback([a] {
    const OutputDir dir(a->out);
    nlohmann::json results = nlohmann::json::array();
    bool all = true;
    fmt::print("{:<26} {:>8} {:>8} {:>11} {:>11} {:>10} {:>4}  target\n", "scenario", "ref", "fixed", "first 1000",
               "all spikes", "rate err", "sat");
    for (const auto& sc : default_accuracy_scenarios()) {
      const auto r = run_accuracy(sc, a->seed);
      all = all && r.meets_target();
      fmt::print("{:<26} {:>8} {:>8} {:>10.2f}% {:>10.2f}% {:>+9.3f}% {:>4}  {}\n", sc.name, r.agreement.reference_total,
                 r.agreement.other_spikes, 100 * r.agreement.matched_share(), 100 * r.all_spikes_matched,
                 100 * r.agreement.rate_error(), r.saturations, r.meets_target() ? "met" : "MISSED");
      results.push_back(to_json(r));
    }
    const auto devices = device_statistics_accuracy(a->seed);
    fmt::print("\n{:<42} {:>12} {:>12}\n", "device statistics", "reference", "fixed");
    for (const auto& d : devices)
      for (const char* key : {"vth_mean_V", "vth_sd_V", "vhold_mean_V", "delay_median_s", "relax_median_s"})
        if (d["reference"].contains(key) && d["reference"][key].is_number())
          fmt::print("{:<42} {:>12.5g} {:>12.5g}\n", fmt::format("{}: {}", d["name"].get<std::string>().substr(0, 13), key),
                     d["reference"][key].get<double>(), d["fixed"][key].get<double>());
    dir.write_json("accuracy.json",
                   {{"seed", a->seed}, {"scenarios", results}, {"device_statistics", devices}, {"all_targets_met", all}});
    fmt::print("accuracy: {}; written {}\n", all ? "all targets met" : "some targets missed",
               dir.file("accuracy.json").string());
  });
}

}  // namespace ionarray::cli
