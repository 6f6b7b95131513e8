// Strong scaling of the fixed backend on this machine, all in one run: the same chip (rings of
// four tiles of 64 x 64 lif neurons, Poisson input into each ring's first tile) of 4096 and
// 65,536 neurons stepped on 1 and 2 threads (fixed://'s tile pool) and on 1 and 2 MPI ranks
// (mpirun, one thread each), each as a ratio to one thread in the same run; the share of the
// 2-rank step spent exchanging spikes; and Brian2 (cpp_standalone, OpenMP) on the same network
// with the same number of threads as the peer; the host's cost per step of a chip over two devices.
// Each figure is the median of three rounds.
//
//   ionarray_scaling_bench                 the whole bench (starts mpirun itself)
//   ionarray_scaling_bench rank TILES STEPS   one MPI run, under mpirun (prints a JSON line on rank 0)
//   ionarray_scaling_bench routing            the host's routing cost of a chip over two devices alone
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <mpi.h>
#include <nlohmann/json.hpp>

#include "brian2_export.hpp"

#include "backends/open_device.hpp"
#include "device/device.hpp"
#include "experiments/array_run.hpp"
#include "mpi/rank_device.hpp"

using namespace ionarray;

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kSize = 64;  // tiles of 64 x 64

Layout chip(int tiles) {
  Layout l{.path = "scaling-bench"};
  l.spec = chain_spec(tiles, kSize, true, 1);
  l.grid_columns = tiles;
  l.inputs = ring_head_input(l.spec);
  return l;
}

// Seconds for `steps` steps of the chip on `device` (its load excluded).
double timed(Device& device, const Layout& layout, long steps) {
  device.load(layout);
  InputSchedule schedule(layout.spec, layout.inputs);
  const auto inputs = next_inputs(schedule, steps);
  const auto start = Clock::now();
  device.run(static_cast<std::uint64_t>(steps), inputs);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::array<double, 3> v) {
  std::sort(v.begin(), v.end());
  return v[1];
}

int rank_run(int tiles, long steps) {
  mpi::Session session;
  auto device = mpi::make_rank_device(session, "fixed://", {}, {});
  const auto layout = chip(tiles);
  MPI_Barrier(MPI_COMM_WORLD);
  const double seconds = timed(*device, layout, steps);
  const auto t = mpi::rank_times(*device);
  double slowest = 0, exchanging = 0;
  MPI_Reduce(&seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  MPI_Reduce(&t.exchanging_s, &exchanging, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  if (session.rank() == 0)
    std::printf("%s\n", nlohmann::json{{"ranks", session.size()}, {"seconds", slowest},
                                       {"exchange_share", exchanging / session.size() / slowest}}.dump().c_str());
  return 0;
}

// An MPI run of `ranks` ranks: {seconds, exchange_share}, or nothing when mpirun failed.
std::optional<nlohmann::json> mpi_run(const char* self, int ranks, int tiles, long steps) {
  const auto log = std::filesystem::temp_directory_path() / "ionarray-scaling-mpi.json";
  const std::string cmd = fmt::format("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe "
                                      "-np {} {} rank {} {} > {} 2>&1", ranks, self, tiles, steps, log.string());
  if (std::system(cmd.c_str()) != 0) {
    fmt::print("  mpirun -np {} failed: see {}\n", ranks, log.string());
    return std::nullopt;
  }
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("{")) return nlohmann::json::parse(line);
  return std::nullopt;
}

// Brian2 cpp_standalone with `threads` OpenMP threads: neuron updates per second of the run
// (compilation excluded), 0 where it failed.
double brian2_rate(const reference::ArraySpec& spec, long steps, int threads) {
  const auto dir = std::filesystem::temp_directory_path() / "ionarray-brian2-scaling";
  std::filesystem::create_directories(dir);
  const auto net = dir / "network.json", result = dir / "result.json";
  bench::export_network(spec, net);
  const std::string cmd = fmt::format("/usr/bin/python3 {}/bench/brian2_network.py {} {} --standalone {} > {} 2> {}",
                                      IONARRAY_SOURCE_DIR, net.string(), steps, threads, result.string(),
                                      (dir / "brian2.log").string());
  if (std::system(cmd.c_str()) != 0) {
    fmt::print("  brian2: failed (see {}); install python3-brian\n", (dir / "brian2.log").string());
    return 0;
  }
  return nlohmann::json::parse(std::ifstream(result))["neuron_updates_per_s"].get<double>();
}

// The host's cost per step of a chip over two devices: fixed://,fixed:// against one fixed://
// driven one run() per step as well, so the difference is the host's routing (collecting each
// device's spikes, carrying those that cross to the other as next-step events) and the second
// device call.
void host_routing_cost() {
  fmt::print("\nhost routing of a chip over two devices, one run() per step (medians of 3 rounds)\n");
  fmt::print("{:>8} {:>14} {:>18} {:>18}\n", "neurons", "one device us", "two devices us", "host cost us/step");
  for (const int tiles : {16, 64}) {
    auto layout = chip(tiles);
    const long steps = tiles == 16 ? 4000 : 1000;
    std::array<double, 3> one{}, two{};
    for (std::size_t round = 0; round < 3; ++round) {
      for (auto [uri, out] : {std::pair{"fixed://", &one}, std::pair{"fixed://,fixed://", &two}}) {
        auto device = open_device(uri);
        device->load(layout);
        InputSchedule schedule(layout.spec, layout.inputs);
        const auto start = Clock::now();
        for (long k = 0; k < steps; ++k) device->run(1, next_inputs(schedule, 1));
        (*out)[round] = std::chrono::duration<double>(Clock::now() - start).count() / double(steps) * 1e6;
      }
    }
    fmt::print("{:>8} {:>14.2f} {:>18.2f} {:>18.2f}\n", layout.spec.neurons(), median(one), median(two),
               median(two) - median(one));
  }
  fmt::print("(round-robin: every hop of every ring crosses between the two devices)\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (argc > 1 && std::string(argv[1]) == "rank") return rank_run(std::atoi(argv[2]), std::atol(argv[3]));
  if (argc > 1 && std::string(argv[1]) == "routing") {
    host_routing_cost();
    return 0;
  }
  fmt::print("strong scaling: rings of 4 tiles of 64 x 64 lif neurons, Poisson input into each ring's first tile; "
             "medians of 3 rounds\n");
  fmt::print("{:>8} {:>7} {:>13} {:>13} {:>13} {:>9} {:>9} {:>10} {:>13} {:>13} {:>9}\n", "neurons", "steps",
             "1 thread /s", "2 threads /s", "2 ranks /s", "thr x", "ranks x", "exch share", "brian2 1t /s",
             "brian2 2t /s", "2t / b2");
  for (const auto& [tiles, steps] : {std::pair{64, 20000L}, std::pair{1024, 1500L}}) {
    const auto layout = chip(tiles);
    const double updates = double(layout.spec.neurons()) * double(steps);
    std::array<double, 3> one{}, two{}, ranks2{}, share{};
    for (std::size_t round = 0; round < 3; ++round) {
      auto single = open_device("fixed://"), pair = open_device("fixed://?threads=2");
      one[round] = timed(*single, layout, steps);
      two[round] = timed(*pair, layout, steps);
      const auto r = mpi_run(argv[0], 2, tiles, steps);
      ranks2[round] = r ? (*r)["seconds"].get<double>() : 0;
      share[round] = r ? (*r)["exchange_share"].get<double>() : 0;
    }
    const double b1 = brian2_rate(layout.spec, steps, 1), b2 = brian2_rate(layout.spec, steps, 2);
    const double t1 = median(one), t2 = median(two), r2 = median(ranks2);
    fmt::print("{:>8} {:>7} {:>13.3g} {:>13.3g} {:>13.3g} {:>9.2f} {:>9.2f} {:>9.1f}% {:>13.3g} {:>13.3g} {:>9.1f}\n",
               layout.spec.neurons(), steps, updates / t1, updates / t2, r2 > 0 ? updates / r2 : 0.0, t1 / t2,
               r2 > 0 ? t1 / r2 : 0.0, 100 * median(share), b1, b2, b2 > 0 ? updates / t2 / b2 : 0.0);
  }
  fmt::print("(thr x, ranks x: speed-up over one thread in the same run; exch share: the part of the 2-rank step\n"
             " spent exchanging spikes, waiting for the slower rank included; 2t / b2: 2 threads against Brian2 on 2\n"
             " OpenMP threads)\n");
  host_routing_cost();
}
