// A team of worker threads for the short parallel passes of a training step.
//
// A small network's step is a dozen passes of a few microseconds each: split products and
// elementwise updates. An OpenMP parallel region costs about 0.5 µs to open and close here,
// two futex system calls every time (libgomp wakes its barrier unconditionally), which was a
// tenth of a width-1000 NTK step. The team's workers instead spin on a counter between
// tasks, so handing out a task costs a few cache-line transfers; a worker that has waited
// about a millisecond without work goes to sleep, and the next task wakes it.
//
// The team is used only outside OpenMP parallel regions and never from inside its own tasks;
// there run_parts runs every part on the calling thread, so parallel_runs keeps each run on
// one thread.
#pragma once
#include <functional>

namespace memo {

// Calls task(part) for part = 0 … parts−1 and returns when all are done: part 0 on the calling
// thread, the others on the team's workers (created when first needed). The task must not
// throw. Which thread runs which part never changes results: callers give each part its own
// outputs.
void run_parts(int parts, const std::function<void(int part)>& task);

}  // namespace memo
