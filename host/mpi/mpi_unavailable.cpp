// This build has no MPI (CMake found no MPI C++ library): `ionarray run` under mpirun says so.
#include "mpi/rank_device.hpp"

namespace ionarray::mpi {

bool available() { return false; }

Session::Session() {
  throw DeviceError("this build has no MPI support: install an MPI library (Debian: libopenmpi-dev) and rebuild");
}

Session::~Session() = default;

std::unique_ptr<Device> make_rank_device(const Session&, std::string, FixedDeviceOptions, std::function<bool()>) {
  throw DeviceError("this build has no MPI support");
}

RankTimes rank_times(const Device&) { return {}; }

}  // namespace ionarray::mpi
