#include "cli/rank_run.hpp"

#include <exception>

#include <fmt/format.h>

#include "device/fixed_device.hpp"
#include "io/input_error.hpp"

namespace ionarray::cli {

std::optional<RankSession> RankSession::join() {
  if (!mpi::launched()) return std::nullopt;
  return RankSession();
}

RankSession::RankSession() : session_(std::make_unique<mpi::Session>()) {}

RankSession::~RankSession() {
  if (session_ && std::uncaught_exceptions() > 0) session_->leave_without_finalize();
}

std::unique_ptr<Device> RankSession::open(const std::string& backend, int threads, const InterruptRequest& interrupt) const {
  std::string uri = backend.find("://") == std::string::npos ? backend + "://" : backend;
  if (!uri.starts_with("fixed://"))
    throw InputError("", 0, "--backend", fmt::format("under an MPI launcher (mpirun, srun) the ranks step the chip on "
                                                     "fixed://; '{}' is not fixed", backend));
  auto options = parse_fixed_uri(uri);
  if (threads > 0) options.threads = threads;
  return mpi::make_rank_device(*session_, uri, options, [&interrupt] { return interrupt.requested(); });
}

void follow_run(const Layout& layout, Device& device, const InterruptRequest& interrupt) {
  device.load(layout);
  InputSchedule schedule(layout.spec, layout.inputs);
  constexpr long kChunk = 4096;
  for (long done = 0; done < layout.steps && !interrupt.requested(); done += kChunk) {
    const long n = std::min(kChunk, layout.steps - done);
    device.run(static_cast<std::uint64_t>(n), next_inputs(schedule, n));
  }
  if (interrupt.requested())
    throw Interrupted(fmt::format("run interrupted by {} (an MPI rank other than 0: rank 0 writes the outputs)",
                                  interrupt.reason()), interrupt.signal());
}

}  // namespace ionarray::cli
