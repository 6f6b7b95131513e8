#pragma once
// Which kernel steps the fixed-point software backend's tiles: the scalar golden model or the
// AVX-512 kernel (eight columns at once, identical words).
namespace ionarray::fixed {

enum class Kernel { automatic, scalar, avx512 };
bool avx512_supported();  // this CPU runs the AVX-512 kernel (F, DQ, CD and BW)
// `automatic`: AVX-512 where the CPU has it, scalar elsewhere; asking for avx512 on a CPU without it throws.
Kernel resolve_kernel(Kernel requested);
const char* kernel_name(Kernel kernel);

}  // namespace ionarray::fixed
