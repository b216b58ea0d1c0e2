# `make sanitize`: the test suite and the tools built with AddressSanitizer and
# UndefinedBehaviorSanitizer in build-sanitize/, then the suite run against them.
# `make fuzz FUZZ_SECONDS=60`: libFuzzer targets (clang) for the .npy, .npz, IDX and model-file
# readers, each run for FUZZ_SECONDS from its seed corpus in tests/fuzz/corpus/<target>/.
# Included from the Makefile.

SANITIZE_BUILD := build-sanitize
SANITIZE_FLAGS := -O1 -g -march=native -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                  -fno-omit-frame-pointer
# The sanitized run skips the six slowest tests (5-15 s each in `make test`, minutes under ASan;
# they train or evaluate wide networks through code the quick tests also cover) and verify's,
# which runs build/bin/verify; `make test` runs them all.
SANITIZE_SKIP ?= *kernel regression predicts*,*quickstart*,*empirical NTK*,*many short tasks*,*width 20,000*,*verify*
# intercept_tls_get_addr=0: LeakSanitizer misreads the dynamic TLS blocks that the libraries
# loaded at run time (OpenBLAS, BLIS) give a team thread, and its tracer then dies at exit with
# "Tracer caught signal 11" (google/sanitizers#1322; seen here on the gemm tests, which pass).
# Static TLS and every heap block are still scanned.
SANITIZE_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1:intercept_tls_get_addr=0 \
                UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
                LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
                MEMO_TOOLS_DIR=$(CURDIR)/$(SANITIZE_BUILD)/bin

.PHONY: sanitize sanitize-build fuzz fuzz-build fuzz-deps
sanitize-build: deps
	@CXXFLAGS="$(SANITIZE_FLAGS)" $(MAKE) --no-print-directory -j2 BUILD=$(SANITIZE_BUILD) CCACHE= \
	  $(SANITIZE_BUILD)/bin/tests $(APP_BINS:$(BIN)/%=$(SANITIZE_BUILD)/bin/%)

sanitize: sanitize-build
	$(SANITIZE_ENV) $(SANITIZE_BUILD)/bin/tests -tce="$(SANITIZE_SKIP)"

FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build-fuzz
FUZZ_TARGETS := npy npz idx model
FUZZ_CXX     := clang++
FUZZ_FLAGS   := -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                -isystem /usr/include/eigen3 -I. -Wall -Wextra -Wno-unknown-pragmas -Wno-unused-variable
# libFuzzer's runtime comes with clang's compiler-rt package on Debian.
FUZZ_PACKAGES := clang libclang-rt-14-dev
# What the readers need; compiled with the fuzzer's coverage instrumentation, without OpenMP
# (its pragmas are ignored, hence the unused-variable and unknown-pragma warnings are off).
FUZZ_LIB_SRC := lib/io/npy.cpp lib/io/npz.cpp lib/io/memory.cpp lib/io/model_io.cpp lib/cli/parse.cpp \
                lib/core/random.cpp lib/nn/mlp.cpp lib/nn/init.cpp lib/autodiff/activation.cpp \
                lib/autodiff/tape.cpp lib/autodiff/ops.cpp lib/autodiff/fast_terms.cpp \
                lib/autodiff/memory_reuse.cpp lib/compute/gemm.cpp lib/compute/gemm_libraries.cpp \
                lib/compute/team.cpp datasets/idx.cpp
FUZZ_LIB_OBJ := $(FUZZ_LIB_SRC:%.cpp=$(FUZZ_BUILD)/obj/%.o)

fuzz-deps:
	$(call install_missing,$(FUZZ_PACKAGES),make fuzz)

$(FUZZ_BUILD)/obj/%.o: %.cpp tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(subst fuzzer,fuzzer-no-link,$(FUZZ_FLAGS)) -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.cpp $(FUZZ_LIB_OBJ)
	$(FUZZ_CXX) $(FUZZ_FLAGS) $< $(FUZZ_LIB_OBJ) -lfmt -lz -lgomp -o $@

fuzz-build: fuzz-deps
	@$(MAKE) --no-print-directory -j2 $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

# Each target runs from a copy of its seed corpus (new inputs stay in build-fuzz/, the kept
# seeds change only by hand); a crash leaves its input in build-fuzz/ and fails the run.
fuzz: SHELL := /bin/bash
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  rm -rf $(FUZZ_BUILD)/corpus/$$t && mkdir -p $(FUZZ_BUILD)/corpus/$$t && \
	  cp tests/fuzz/corpus/$$t/* $(FUZZ_BUILD)/corpus/$$t/ && \
	  echo "fuzz $$t: $(FUZZ_SECONDS) s" && \
	  $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -max_len=65536 \
	    -artifact_prefix=$(FUZZ_BUILD)/crash-$$t- -print_final_stats=1 $(FUZZ_BUILD)/corpus/$$t 2>&1 \
	    | grep -E "stat::number_of_executed_units|ERROR|SUMMARY|Done" ; \
	  [ "$${PIPESTATUS[0]}" -eq 0 ] || exit 1; \
	done
