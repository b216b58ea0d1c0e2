// The allocator setting that training steps need to run at speed (see memory_reuse.cpp).
#pragma once

namespace memo {

// Makes freed heap memory stay with the process for reuse. Idempotent; the Tape calls it.
void keep_freed_memory_for_reuse();

}  // namespace memo
