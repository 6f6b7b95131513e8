#include <cstdlib>

#include "mpi/rank_device.hpp"

namespace ionarray::mpi {

bool launched() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(variable)) return true;
  return false;
}

}  // namespace ionarray::mpi
