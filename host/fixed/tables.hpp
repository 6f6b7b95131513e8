#pragma once
// The engine's function tables. They do not depend on any parameter: the engine loads them at
// configuration, the RTL has them as ROMs generated from this same code.
#include "ionarray/neuron_engine.hpp"

namespace ionarray::fixed {

void fill_tables(fx::EngineTables& tables);

}  // namespace ionarray::fixed
