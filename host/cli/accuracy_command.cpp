// ionarray accuracy: the fixed-point engine against the reference model.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "experiments/accuracy.hpp"
#include "experiments/plasticity_accuracy.hpp"
#include "experiments/quantization_sweep.hpp"
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
    const InterruptRequest interrupt;
    const OutputDir dir(a->out);
    nlohmann::json results = nlohmann::json::array();
    bool all = true;
    const auto scenarios = default_accuracy_scenarios();
    fmt::print("{:<26} {:>8} {:>8} {:>11} {:>11} {:>10} {:>4}  target\n", "scenario", "ref", "fixed", "first 1000",
               "all spikes", "rate err", "sat");
    for (const auto& sc : scenarios) {
      if (interrupt.requested()) break;
      const auto r = run_accuracy(sc, a->seed, [&] { return interrupt.requested(); });
      if (r.stopped) break;  // (a scenario cut short is not reported)
      all = all && r.meets_target();
      fmt::print("{:<26} {:>8} {:>8} {:>10.2f}% {:>10.2f}% {:>+9.3f}% {:>4}  {}\n", sc.name, r.agreement.reference_total,
                 r.agreement.other_spikes, 100 * r.agreement.matched_share(), 100 * r.all_spikes_matched,
                 100 * r.agreement.rate_error(), r.saturations, r.meets_target() ? "met" : "MISSED");
      results.push_back(to_json(r));
    }
    if (interrupt.requested()) {  // (the scenarios done so far, written before stopping)
      const long done = long(results.size()), asked = long(scenarios.size());
      dir.write_json("accuracy.json", {{"seed", a->seed}, {"scenarios", results},
                                       {"interrupted", interruption_record(interrupt, "scenarios", done, asked)}});
      throw Interrupted(fmt::format("accuracy: interrupted by {} after {} of {} scenarios; written {}", interrupt.reason(),
                                    done, asked, dir.file("accuracy.json").string()),
                        interrupt.signal());
    }
    const auto plastic = plasticity_accuracy(a->seed);
    all = all && plastic.meets_target();
    fmt::print("\n{:<26} {:>14} {:>14} {:>14} {:>10}  target\n", "synapse programming", "max x error", "max G error",
               "rms G error", "word");
    fmt::print("{:<26} {:>14.2e} {:>13.4f}% {:>13.4f}% {:>9.4f}%  {}\n",
               fmt::format("{} x {}, {} steps", plastic.rows, plastic.columns, plastic.steps), plastic.max_x_error,
               100 * plastic.max_conductance_error, 100 * plastic.rms_conductance_error, 100 * plastic.word_lsb,
               plastic.meets_target() ? "met" : "MISSED");
    const auto devices = device_statistics_accuracy(a->seed);
    fmt::print("\n{:<42} {:>12} {:>12}\n", "device statistics", "reference", "fixed");
    for (const auto& d : devices) {
      const std::string set = d["name"].get<std::string>().substr(0, d["name"].get<std::string>().find(' '));
      for (const char* key : {"vth_mean_V", "vth_sd_V", "vhold_mean_V", "delay_median_s", "relax_median_s", "relaxed"})
        if (d["reference"].contains(key) && d["reference"][key].is_number())
          fmt::print("{:<42} {:>12.5g} {:>12.5g}\n", fmt::format("{}: {}", set, key), d["reference"][key].get<double>(),
                     d["fixed"][key].get<double>());
      for (const auto& [statistic, ks] : d["ks_reference_fixed"].items())
        fmt::print("{:<42} {:>25.3f}\n", fmt::format("{}: {} KS reference-fixed", set, statistic), ks.get<double>());
    }
    dir.write_json("accuracy.json",
                   {{"seed", a->seed}, {"scenarios", results}, {"plasticity", to_json(plastic)}, {"device_statistics", devices}, {"all_targets_met", all}});
    fmt::print("accuracy: {}; written {}\n", all ? "all targets met" : "some targets missed",
               dir.file("accuracy.json").string());
  });
}

void add_quantization_sweep_command(CLI::App& app) {
  struct Args {
    std::string out;
    std::uint64_t seed = 1;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("quantization-sweep", "accuracy against coefficient and state word widths");
  cmd->add_option("--out", a->out, "output folder (quantization.json)")->required();
  cmd->add_option("--seed", a->seed, "seed of devices and noise")->capture_default_str();
  cmd->callback([a] {
    const InterruptRequest interrupt;
    const OutputDir dir(a->out);
    const auto rows = quantization_sweep(a->seed, [&] { return interrupt.requested(); });
    fmt::print("{:<24} {:>9} {:>11} {:>11} {:>11} {:>11} {:>10}\n", "scenario", "mantissa", "state drop",
               "state bits", "first 1000", "all spikes", "rate err");
    for (const auto& r : rows)
      fmt::print("{:<24} {:>9} {:>11} {:>11} {:>10.2f}% {:>10.2f}% {:>+9.3f}%\n", r["scenario"].get<std::string>(),
                 r["mantissa_bits"].get<int>(), r["state_fraction_bits_dropped"].get<int>(),
                 r["state_bits_per_neuron"].get<int>(), 100 * r["first_1000_matched"].get<double>(),
                 100 * r["all_matched"].get<double>(), 100 * r["rate_error"].get<double>());
    nlohmann::json out = {{"seed", a->seed}, {"rows", rows}};
    if (interrupt.requested() && rows.size() < std::size_t(kQuantizationSweepRows)) {
      out["interrupted"] = interruption_record(interrupt, "rows", long(rows.size()), long(kQuantizationSweepRows));
      dir.write_json("quantization.json", out);
      throw Interrupted(fmt::format("quantization-sweep: interrupted by {} after {} of {} rows; written {}",
                                    interrupt.reason(), rows.size(), kQuantizationSweepRows,
                                    dir.file("quantization.json").string()),
                        interrupt.signal());
    }
    dir.write_json("quantization.json", out);
    fmt::print("written {}\n", dir.file("quantization.json").string());
  });
}

}  // namespace ionarray::cli
