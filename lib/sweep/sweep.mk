# OpenMPI for lib/sweep (runs shared over the ranks of `mpirun`). Every binary links it, but
# only as needed: programs that never touch the sweep runner do not load libmpi, and those
# that do call MPI_Init only when started by mpirun, so a plain run needs no MPI runtime.
# The C API only (no C++ bindings); its headers as system headers, so our warnings stay ours.
MPI_CPPFLAGS := $(patsubst -I%,-isystem %,$(shell mpicc --showme:compile 2>/dev/null)) -DOMPI_SKIP_MPICXX=1
MPI_LDLIBS   := $(shell mpicc --showme:link 2>/dev/null)
$(BUILD)/obj/lib/sweep/mpi_share.o: CPPFLAGS += $(MPI_CPPFLAGS)
$(BUILD)/obj/lib/sweep/mpi_share.o: lib/sweep/sweep.mk
LDLIBS += -Wl,--as-needed $(MPI_LDLIBS) -Wl,--no-as-needed
