// Runs shared over MPI ranks when the program was started by mpirun; a plain start never calls
// MPI (no MPI runtime needed). Sharing is dynamic: rank 0 holds the queue of runs and hands
// the next one to whichever slot (a thread of its own, or of another rank) is free, since runs
// of one sweep differ 100× in length. Rank 0 alone journals and writes files.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace memo::sweep {

struct MpiWorld {
  int rank = 0;
  int size = 1;
};

// Calls MPI_Init_thread the first time when started by mpirun (OMPI_COMM_WORLD_SIZE, PMIX_RANK
// or PMI_SIZE in the environment) and registers MPI_Finalize at exit; {0, 1} otherwise.
const MpiWorld& mpi_world();

// Rank 0's verdict on the folder (empty: go on) sent to every rank. On the other ranks a
// non-empty verdict ends the process with exit 2 and no message: rank 0 prints the one line.
void share_verdict(const std::string& verdict);

// Runs `missing` (rank 0's list; ignored elsewhere) over all ranks, `threads` at a time per
// rank. run_line(index) computes a run and returns its journal line (it may throw);
// record(index, line) journals it and is called on rank 0 only, from any thread. The first
// error of any run is rethrown on rank 0 after every rank has stopped; other ranks return.
void share_runs(const std::vector<long>& missing, int threads, const std::function<std::string(long)>& run_line,
                const std::function<void(long, const std::string&)>& record);

}  // namespace memo::sweep
