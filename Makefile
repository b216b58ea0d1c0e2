# memo — build, test and run. Two commands matter: `make run` and `make test`.
# Both install missing Debian packages first (`make deps`).
#
# GEMM: the products of training and Jacobians go through lib/gemm.cpp, which loads OpenBLAS
# at run time with a core type chosen from the CPU flags (SkylakeX on this AVX-512 machine;
# OpenBLAS's own detection and the image's OPENBLAS_CORETYPE=Haswell give slower kernels) and
# splits large products over the threads; MEMO_GEMM=eigen selects Eigen's product instead
# (the reference path). Measurements: `make bench`. Everything else
# is Eigen built with -march=native; `make BLAS=openblas` also routes Eigen's own products
# to OpenBLAS.

CXX      ?= g++
BUILD    := build
BIN      := $(BUILD)/bin
CXXFLAGS ?= -O2 -march=native
CXXFLAGS += -std=c++20 -Wall -Wextra -Wpedantic -fopenmp -MMD -MP
# std::sqrt without errno, so loops with it vectorise (Adam's update ran one entry at a time:
# 6.8 ms of a 23 ms AM epoch). Results are unchanged: sqrt stays correctly rounded.
CXXFLAGS += -fno-math-errno
# GCC 12 warns inside its own AVX-512 intrinsics when Eigen uses them (GCC PR 105593, the
# _mm512_undefined idiom; fixed in GCC 13). The warnings are about avx512fintrin.h, not ours.
CXXFLAGS += -Wno-uninitialized -Wno-maybe-uninitialized
# Designated initializers that leave members at their default member initializers
# ({.seed = s} for an ExperimentContext) are the C++20 idiom for settings structs; GCC 12's
# -Wextra still calls every omitted member "missing".
CXXFLAGS += -Wno-missing-field-initializers
# Eigen's products stay on one thread (lib/compute/team.hpp says why); gemm() uses the cores.
CPPFLAGS += -isystem /usr/include/eigen3 -I. -DEIGEN_DONT_PARALLELIZE
# Only the objects that find files in the source tree see its path, so every other object
# compiles to the same bits in any checkout (and ccache, when installed, shares them).
SOURCE_DIR_FLAG := -DMEMO_SOURCE_DIR=\"$(CURDIR)\"
# ccache speeds up rebuilds when it is installed; the build does not need it.
CCACHE   ?= $(shell command -v ccache 2>/dev/null)
LDLIBS   += -lfmt -lz -fopenmp
# libxsmm's just-in-time kernels for small products (lib/compute/gemm_libraries), when installed
# (make deps installs it; test and run build in a sub-make, which sees it).
ifneq ($(wildcard /usr/include/libxsmm.h),)
CPPFLAGS += -DMEMO_HAVE_LIBXSMM=1
LDLIBS   += -lxsmm -lxsmmnoblas -lm -ldl
endif
ifeq ($(BLAS),openblas)
CPPFLAGS += -DEIGEN_USE_BLAS
LDLIBS   += -lopenblas
endif

# Debian packages the build, the tests and the figures need (see README "Dependencies").
DEB_PACKAGES := g++ make libeigen3-dev libopenblas-dev doctest-dev libfmt-dev libcli11-dev \
                libboost-dev zlib1g-dev nlohmann-json3-dev gnuplot-nox libopenmpi-dev openmpi-bin \
                libblis4-serial libxsmm-dev

LIB_SRC  := $(wildcard lib/*/*.cpp lib/*/*/*.cpp theory/*.cpp datasets/*.cpp)
LIB_OBJ  := $(LIB_SRC:%.cpp=$(BUILD)/obj/%.o)
LIBMEMO  := $(BUILD)/libmemo.a

# apps/name.cpp -> bin/name ; apps/paper/name.cpp -> bin/paper-name
APP_TOP  := $(wildcard apps/*.cpp)
APP_SUB  := $(wildcard apps/*/*.cpp)
APP_BINS := $(APP_TOP:apps/%.cpp=$(BIN)/%) \
            $(foreach s,$(APP_SUB),$(BIN)/$(subst /,-,$(s:apps/%.cpp=%)))

TEST_SRC := $(wildcard tests/*.cpp)
TEST_OBJ := $(TEST_SRC:%.cpp=$(BUILD)/obj/%.o)
TEST_BIN := $(BIN)/tests

.PHONY: all deps test run bench datasets clean
# Keep the object files of apps (make would delete them as intermediates and rebuild every time).
.SECONDARY:
all: $(LIBMEMO) $(APP_BINS)

# $(call install_missing,PACKAGES,WHO): apt-get installs those of PACKAGES that are missing
# (sudo when not root); nothing at all when every one is installed.
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "$(2): installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call install_missing,$(DEB_PACKAGES),make deps)

# Objects depend on this Makefile too: a change of flags rebuilds them.
$(BUILD)/obj/%.o: %.cpp Makefile
	@mkdir -p $(dir $@)
	$(CCACHE) $(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@
$(BUILD)/obj/tests/%.o $(BUILD)/obj/datasets/image_set.o: CPPFLAGS += $(SOURCE_DIR_FLAG)

$(LIBMEMO): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(BIN)/%: $(BUILD)/obj/apps/%.o $(LIBMEMO)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $< $(LIBMEMO) $(LDLIBS) -o $@

# apps in sub-folders: bin/paper-name from obj/apps/paper/name.o
define SUB_APP_RULE
$(BIN)/$(subst /,-,$(1:apps/%.cpp=%)): $(BUILD)/obj/$(1:%.cpp=%.o) $(LIBMEMO)
	@mkdir -p $$(dir $$@)
	$$(CXX) $$(CXXFLAGS) $$< $(LIBMEMO) $$(LDLIBS) -o $$@
endef
$(foreach s,$(APP_SUB),$(eval $(call SUB_APP_RULE,$(s))))

$(TEST_BIN): $(TEST_OBJ) $(LIBMEMO)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(TEST_OBJ) $(LIBMEMO) $(LDLIBS) -o $@

test: deps
	@$(MAKE) --no-print-directory -j2 $(TEST_BIN) $(APP_BINS)
	$(TEST_BIN)

# The main job: the verification report (every claim against a trained network), after the
# real data sets it needs are in place.
run: deps
	@$(MAKE) --no-print-directory -j2 all
	@$(MAKE) --no-print-directory datasets
	@$(BIN)/verify || { echo "make run: at least one claim disagrees with its paper; out/report.md says which and why"; exit 1; }

clean:
	rm -rf $(BUILD)

include datasets/datasets.mk
# `make sanitize` and `make fuzz`: rules in tests/fuzz/fuzz.mk.
include tests/fuzz/fuzz.mk
include lib/sweep/sweep.mk

-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(wildcard $(BUILD)/obj/apps/*.d $(BUILD)/obj/apps/*/*.d)
# `make bench`: rules in bench/bench.mk.
include bench/bench.mk
