# `make bench`: memo against PyTorch and against this machine's GEMM limit.
# Not part of `make test`. Installs PyTorch and NumPy from Debian for the system Python
# (/usr/bin/python3: the python3 on PATH may be another one without them).
BENCH_PY_PACKAGES := python3-torch python3-numpy
BENCH_BINS := $(BIN)/memo-bench $(BIN)/gemm-limit $(BIN)/gemm-kernels

$(BIN)/memo-bench: $(BUILD)/obj/bench/memo_bench.o $(LIBMEMO)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $< $(LIBMEMO) $(LDLIBS) -o $@

$(BIN)/gemm-kernels: $(BUILD)/obj/bench/gemm_kernels.o $(LIBMEMO)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $< $(LIBMEMO) $(LDLIBS) -o $@

# Links OpenBLAS directly whatever BLAS= says: it measures the library itself.
$(BIN)/gemm-limit: $(BUILD)/obj/bench/gemm_limit.o $(LIBMEMO)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $< $(LIBMEMO) $(LDLIBS) -lopenblas -o $@

bench: deps
	$(call install_missing,$(BENCH_PY_PACKAGES),make bench)
	@$(MAKE) --no-print-directory -j2 $(BENCH_BINS)
	/usr/bin/python3 bench/run_bench.py $(BENCH_FLAGS)
	@$(MAKE) --no-print-directory bench-sweep
	@$(MAKE) --no-print-directory bench-presets

# The papers' presets timed from a measured fraction of their runs (bench/preset_times.py);
# PRESET_FLAGS="--budget 120 --only ntk-radius" narrows it.
.PHONY: bench-presets
bench-presets: all
	@$(MAKE) --no-print-directory datasets  # the AM presets train on MNIST and Fashion-MNIST
	/usr/bin/python3 bench/preset_times.py $(PRESET_FLAGS)

# The sweep runner and many processes (bench/sweep_bench.py): 2 MPI ranks against 1, the runner's cost
# per run, 4 processes against 2 (MPI ranks, and independent trainings at the default threads).
.PHONY: bench-sweep
bench-sweep: deps
	@$(MAKE) --no-print-directory -j2 $(BIN)/sweep $(BIN)/train $(BIN)/dataset
	/usr/bin/python3 bench/sweep_bench.py

-include $(wildcard $(BUILD)/obj/bench/*.d)
