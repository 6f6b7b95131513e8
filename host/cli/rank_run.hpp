#pragma once
// `ionarray run` under an MPI launcher (mpirun -np N, srun): every rank steps its block of tiles
// on fixed://; rank 0 writes the outputs (it receives every spike), the others only step.
#include <memory>
#include <optional>
#include <string>

#include "cli/interrupt.hpp"
#include "device/device.hpp"
#include "layout/layout.hpp"
#include "mpi/rank_device.hpp"

namespace ionarray::cli {

// The MPI job this run belongs to (nullopt when no launcher started it). MPI_Finalize at the end
// of a run that completed; a run that failed or was stopped leaves without it, so the launcher
// ends the other ranks instead of this one waiting for them.
class RankSession {
 public:
  static std::optional<RankSession> join();
  RankSession(RankSession&&) = default;
  ~RankSession();
  int rank() const { return session_->rank(); }
  int size() const { return session_->size(); }
  // fixed:// (a bare `fixed` or a fixed:// URI, with `threads` per rank) over the ranks; any
  // other backend is refused (InputError naming --backend).
  std::unique_ptr<Device> open(const std::string& backend, int threads, const InterruptRequest& interrupt) const;

 private:
  RankSession();
  std::unique_ptr<mpi::Session> session_;
};

// A rank other than 0: steps `layout` with its inputs to the end, writing nothing.
void follow_run(const Layout& layout, Device& device, const InterruptRequest& interrupt);

}  // namespace ionarray::cli
