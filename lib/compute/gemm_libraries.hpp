// The product libraries gemm() can hand a product to, and the CPU kinds it tells apart.
//
// - OpenBLAS: loaded by gemm.cpp (it chooses OpenBLAS's core type); the default kernel.
// - BLIS: Debian's serial build (libblis.so.4), loaded at run time when installed. BLIS picks
//   its sub-configuration itself from CPUID (Debian's 0.9.0 took "haswell", AVX2 kernels, on
//   an AVX-512 Xeon; its x86_64 family has "zen3" for Zen 3, which it took on a Zen 4 EPYC
//   too; on a Zen 5 EPYC, a family it does not know, it fell back to "generic", reference C
//   code 5–10× slower than the others, so gemm() never hands a product to a generic BLIS).
// - libxsmm: just-in-time kernels for small products (column-major, beta 0 or 1, A not
//   transposed: what its 1.17 code generator supports), linked statically.
// - Eigen: the reference path, and on avx512_intel the fast path's Aᵀ·B outside OpenBLAS's
//   small-matrix kernels (Eigen never threads here: EIGEN_DONT_PARALLELIZE).
// Every library computes a product on the calling thread; gemm() splits large products over
// memo's team itself. Which one gets a product is a fixed table (route_product), measured per
// CPU kind by `make bench` (workload 8, build/bin/gemm-kernels), so the same product on the
// same CPU kind always takes the same path and gives the same bits.
#pragma once
#include <string>
#include "lib/core/types.hpp"

namespace memo {

enum class GemmLibrary { eigen, openblas, blis, libxsmm };
const char* gemm_library_name(GemmLibrary library);

// avx512_intel: AVX-512 F/DQ/BW/VL on any CPU but AMD's (Intel Xeon since Skylake-SP);
// avx512_amd: the same on AMD (Zen 4 and 5), whose fastest libraries per shape differ;
// avx2_fma: AVX2 and FMA without AVX-512 (AMD Zen 2/3, Intel Haswell to Coffee Lake);
// baseline: anything else.
enum class CpuKind { avx512_intel, avx512_amd, avx2_fma, baseline };
// MEMO_CPU_KIND=<kind> makes this CPU stand in for another kind whose instructions it has (an
// AVX-512 CPU for avx2_fma or for the other AVX-512 kind), for measuring that kind's route
// where no such CPU is at hand: products follow that kind's route, and for avx2_fma OpenBLAS
// loads its Haswell kernels and libxsmm generates AVX2 code. It is a stand-in, not the real
// thing: caches, clocks and memo's own -march=native code stay those of the machine. Like
// MEMO_GEMM, it changes which kernels run, hence the last bits.
CpuKind this_cpu_kind();
bool cpu_kind_is_stand_in();  // MEMO_CPU_KIND made this_cpu_kind() differ from the hardware
const char* cpu_kind_name(CpuKind kind);
// "Intel(R) Xeon(R) Processor (avx512_intel)": /proc/cpuinfo's model name and the kind.
std::string cpu_description();

// The cblas_dgemm signature (column-major 102, no-transpose 111, transpose 112).
using CblasDgemm = void (*)(int order, int trans_a, int trans_b, int m, int n, int k, double alpha,
                            const double* a, int lda, const double* b, int ldb, double beta,
                            double* c, int ldc);

// BLIS's cblas_dgemm, or nullptr when libblis.so.4 is not installed.
CblasDgemm blis_dgemm();
// Whether the loaded BLIS runs its generic sub-configuration (reference kernels: it did not
// recognise this CPU), in which case gemm() gives its products to OpenBLAS instead.
bool blis_is_generic();
// A description of the loaded BLIS ("BLIS 0.9.0, sub-configuration skx"), or "not installed".
std::string blis_description();

// Whether libxsmm has a kernel for this product (and was linked in).
bool libxsmm_can_compute(int m, int n, int k, bool transpose_a, bool transpose_b, double alpha, double beta);
// C (ldc) = alpha · op(A) · op(B) + beta · C with libxsmm's kernel (alpha ≠ 1: on a scaled
// copy of the smaller operand, or scaling the product when C is smaller than both). Returns
// false, having done nothing, when libxsmm has no kernel for it, or alpha ≠ 1 with neither a
// small operand (at most m·n/4 entries) nor a C smaller than both operands.
bool libxsmm_dgemm_columns(bool transpose_a, bool transpose_b, int m, int n, int k, double alpha,
                           const double* a, int lda, const double* b, int ldb, double beta, double* c,
                           int ldc);
std::string libxsmm_description();

}  // namespace memo

namespace memo {

// The library for C = op(A)·op(B) (C m × n, inner dimension k) on this CPU kind: the fastest
// one `make bench` measured for that class of shapes (bench/README.md has the measurements).
// Each kind's row was measured on a CPU of that kind (avx2_fma on a Zen 3 EPYC); the baseline
// kind gets OpenBLAS for every product. gemm() falls back to OpenBLAS when the library is not
// installed, is a generic BLIS, or has no kernel for the product (libxsmm: A transposed, beta
// other than 0 and 1, or alpha ≠ 1 with neither a small operand nor a C smaller than both).
GemmLibrary route_product(CpuKind kind, int m, int n, int k, bool transpose_a, bool transpose_b);
// route_product's choice where that library can take it: OpenBLAS in place of a BLIS that is
// not installed or generic. (libxsmm declines the products it has no kernel for, part by part,
// in gemm().)
GemmLibrary routed_library(CpuKind kind, int m, int n, int k, bool transpose_a, bool transpose_b);

}  // namespace memo
