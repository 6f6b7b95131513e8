#include "mpi/rank_device.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <mpi.h>

#include "fixed/fixed_array.hpp"
#include "io/input_error.hpp"
#include "layout/layout.hpp"

namespace ionarray::mpi {

bool available() { return true; }

Session::Session() {
  MPI_Init(nullptr, nullptr);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() {
  if (finalize_) MPI_Finalize();
}

namespace {

constexpr int kPollsBeforeYield = 2000;
constexpr int kMinBlock = 8;

class RankDevice : public Device {
 public:
  RankDevice(const Session& session, std::string uri, FixedDeviceOptions options, std::function<bool()> stop)
      : Device(std::move(uri)), rank_(session.rank()), ranks_(session.size()), options_(options), stop_(std::move(stop)) {}

  void check(const Layout& layout) const override {
    check_fixed_point_capacity(layout);
    check_static_crossbar(layout, "an MPI run");
    if (layout.spec.tiles < ranks_)
      throw InputError(layout.path, 0, "chip.tiles", fmt::format("{} MPI ranks for a chip of {} tiles: each rank steps "
                                                                 "at least one tile; start at most {} ranks",
                                                                 ranks_, layout.spec.tiles, layout.spec.tiles));
  }

  void load_chip(const Layout& layout) override {
    check(layout);
    spec_ = layout.spec;
    const int tiles = spec_.tiles;
    range_ = {tiles * rank_ / ranks_, tiles * (rank_ + 1) / ranks_};
    array_.reset();
    array_ = std::make_unique<fixed::FixedArray>(layout.spec, layout.seed, options_.kernel, options_.threads, range_);
    counters_ = {};
    times_ = {};
    counts_.assign(static_cast<std::size_t>(ranks_), 0);
    offsets_.assign(static_cast<std::size_t>(ranks_), 0);
    block_ = kMinBlock;
  }

  std::vector<SpikeEvent> run(std::uint64_t steps, std::span<const InputEvent> inputs) override {
    if (!array_) throw DeviceError(uri() + ": load a layout first");
    check_run_inputs(counters_.steps, steps, inputs, spec_);
    std::vector<SpikeEvent> spikes;
    std::size_t next = 0;
    std::uint64_t total = 0;
    // A rank stopped while it waits for the others (collective()): the steps before are whole.
    try {
      for (std::uint64_t k = 0; k < steps; ++k) {
        for (; next < inputs.size() && inputs[next].step == counters_.steps; ++next, ++counters_.spikes_in)
          array_->trigger(inputs[next].tile, inputs[next].row);  // (a tile of another rank: ignored here)
        const auto t0 = Clock::now();
        const auto& own = array_->step_tiles();
        const auto t1 = Clock::now();
        exchange(own);
        const auto t2 = Clock::now();
        array_->route(all_);
        times_.stepping_s += seconds(t1 - t0) + seconds(Clock::now() - t2);
        times_.exchanging_s += seconds(t2 - t1);
        for (int n : all_) spikes.push_back({counters_.steps, n / spec_.columns, n % spec_.columns});
        ++counters_.steps;
      }
      counters_.spikes_out += spikes.size();
      // Saturations of every rank's tiles, once per run() (every rank calls run() alike).
      const auto& sat = array_->saturation();
      const std::uint64_t mine = sat.vm + sat.s + sat.conductance;
      collective([&](MPI_Request* r) { return MPI_Iallreduce(&mine, &total, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD, r); });
    } catch (const DeviceError& e) {
      throw DeviceStopped(e.what(), counters_.steps, std::move(spikes));
    }
    counters_.saturations = total;
    return spikes;
  }

  DeviceCounters counters() const override { return counters_; }
  Capabilities capabilities() const override {
    return {0, fx::kMaxRows, fx::kMaxColumns,
            fmt::format("fixed-point array over {} MPI ranks (this is rank {}), {} kernel, {} thread(s) per rank", ranks_,
                        rank_, fixed::kernel_name(fixed::resolve_kernel(options_.kernel)), options_.threads)};
  }
  std::uint64_t current_step() const override { return counters_.steps; }
  RankTimes times() const { return times_; }

 private:
  using Clock = std::chrono::steady_clock;
  static double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

  // Waits for a non-blocking collective, polling stop_requested() meanwhile.
  template <typename Start>
  void collective(Start start) {
    MPI_Request request;
    if (start(&request) != MPI_SUCCESS) throw DeviceError(uri() + ": an MPI collective failed to start");
    for (int done = 0, polls = 0;; ++polls) {
      MPI_Test(&request, &done, MPI_STATUS_IGNORE);
      if (done) return;
      // A rank that waits long gives its core away: with more ranks than free cores, the rank it
      // waits for may need it.
      if (polls > kPollsBeforeYield) std::this_thread::yield();
      if (stop_ && stop_())
        throw DeviceError(fmt::format("{}: rank {} stopped while waiting for the other ranks at step {} (a signal: "
                                      "Ctrl-C, or the launcher ending the job after a rank was lost)",
                                      uri(), rank_, counters_.steps));
    }
  }

  // Every rank's spikes of this step into all_, in rank (so tile) order. One all-gather of a
  // fixed-size block per rank (its count, then its first ids) carries a step's spikes; only when a
  // rank has more than the block holds does a second all-gather carry the rest. The block size
  // follows the busiest rank of the step before, which every rank knows, so all agree on it.
  void exchange(const std::vector<int>& own) {
    const int mine = static_cast<int>(own.size());
    const int room = block_ - 1;  // ids in a block
    send_.assign(static_cast<std::size_t>(block_), 0);
    send_[0] = mine;
    std::copy_n(own.begin(), std::min(mine, room), send_.begin() + 1);
    blocks_.resize(static_cast<std::size_t>(block_) * static_cast<std::size_t>(ranks_));
    collective([&](MPI_Request* r) {
      return MPI_Iallgather(send_.data(), block_, MPI_INT, blocks_.data(), block_, MPI_INT, MPI_COMM_WORLD, r);
    });
    int busiest = 0, overflow = 0;
    for (int r = 0; r < ranks_; ++r) {
      const int count = blocks_[static_cast<std::size_t>(r * block_)];
      busiest = std::max(busiest, count);
      counts_[static_cast<std::size_t>(r)] = std::max(0, count - room);
      offsets_[static_cast<std::size_t>(r)] = overflow;
      overflow += counts_[static_cast<std::size_t>(r)];
    }
    if (overflow > 0) {
      rest_.resize(static_cast<std::size_t>(overflow));
      const int extra = std::max(0, mine - room);
      collective([&](MPI_Request* r) {
        return MPI_Iallgatherv(own.data() + std::min(mine, room), extra, MPI_INT, rest_.data(), counts_.data(),
                               offsets_.data(), MPI_INT, MPI_COMM_WORLD, r);
      });
    }
    all_.clear();
    for (int r = 0; r < ranks_; ++r) {
      const auto* block = blocks_.data() + static_cast<std::size_t>(r * block_);
      all_.insert(all_.end(), block + 1, block + 1 + std::min(block[0], room));
      const auto* extra = rest_.data() + offsets_[static_cast<std::size_t>(r)];
      all_.insert(all_.end(), extra, extra + counts_[static_cast<std::size_t>(r)]);
    }
    block_ = std::max(kMinBlock, 2 * busiest + 1);
  }

  int rank_, ranks_;
  FixedDeviceOptions options_;
  std::function<bool()> stop_;
  reference::ArraySpec spec_;
  fixed::TileRange range_;
  std::unique_ptr<fixed::FixedArray> array_;
  DeviceCounters counters_;
  std::vector<int> counts_, offsets_, all_, send_, blocks_, rest_;
  int block_ = kMinBlock;  // ints per rank in the step's first all-gather: a count and block_ - 1 ids
  RankTimes times_;
};

}  // namespace

std::unique_ptr<Device> make_rank_device(const Session& session, std::string uri, FixedDeviceOptions options,
                                         std::function<bool()> stop_requested) {
  return std::make_unique<RankDevice>(session, std::move(uri), options, std::move(stop_requested));
}

RankTimes rank_times(const Device& device) {
  const auto* rank = dynamic_cast<const RankDevice*>(&device);
  return rank ? rank->times() : RankTimes{};
}

}  // namespace ionarray::mpi
