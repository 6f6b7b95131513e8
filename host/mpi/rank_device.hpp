#pragma once
// A chip's tiles over the ranks of an MPI job (mpirun -np N ionarray run LAYOUT --backend fixed,
// or srun): rank r steps a contiguous block of tiles on fixed://'s kernels; after every step the
// ranks exchange their spikes (an all-gather, in rank order, so the whole chip's spikes arrive in
// tile order), each routes them into its own tiles, and every rank returns them all. The
// spikes equal one process's bit for bit for any number of ranks.
#include <functional>
#include <memory>

#include "device/device.hpp"
#include "device/fixed_device.hpp"

namespace ionarray::mpi {

// Whether an MPI launcher started this process (Open MPI's mpirun, or a PMI/PMIx launcher such as
// Slurm's srun): only then does `ionarray run` join an MPI job.
bool launched();

// Whether this build has MPI (Debian's Open MPI, libopenmpi-dev, found by CMake).
bool available();

// MPI_Init at construction, MPI_Finalize at destruction (DeviceError where this build has no MPI).
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  // No MPI_Finalize at destruction: after a failure another rank may never come to it.
  void leave_without_finalize() { finalize_ = false; }

 private:
  int rank_ = 0, size_ = 1;
  bool finalize_ = true;
};

// fixed:// over the session's ranks. `stop_requested` is polled while a rank waits for the others
// (a signal, e.g. the launcher's SIGTERM when another rank was lost): the run then stops with a
// DeviceError, the spikes of the steps completed kept by the caller.
std::unique_ptr<Device> make_rank_device(const Session& session, std::string uri, FixedDeviceOptions options,
                                         std::function<bool()> stop_requested);

// Where a rank device's wall time went since its load: stepping its tiles (and routing) against
// exchanging spikes with the other ranks (waiting for the slowest included).
struct RankTimes {
  double stepping_s = 0, exchanging_s = 0;
};
RankTimes rank_times(const Device& rank_device);  // zeros for any other device

}  // namespace ionarray::mpi
