// The product shapes workload 6 measures, shared by gemm-limit (OpenBLAS itself) and
// memo-bench (memo's gemm() and Eigen), so both tables have the same rows.
#pragma once

struct GemmShape {
  const char* name;
  int m, k, n;
};
inline constexpr GemmShape kGemmShapes[] = {{"square 256", 256, 256, 256},
                                            {"square 1024", 1024, 1024, 1024},
                                            {"AM forward W H", 512, 512, 100},
                                            {"AM backward dZ H^T", 512, 100, 512},
                                            {"AM Jacobian W J", 512, 512, 784}};
