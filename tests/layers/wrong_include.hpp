#pragma once
// Input of the test layers_refuse_a_wrong_include: a file of a lower layer (layout) that
// includes a higher one (experiments), which the build's layer check must refuse.
#include "experiments/array_run.hpp"
#include "io/input_error.hpp"
