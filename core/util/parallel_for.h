// Splits an index range over the machine's cores for CPU-bound work that needs no lock (each index
// writes only its own slot). The calling thread takes part, so a one-core machine or a small range
// runs inline with no thread started.
#pragma once

#include <cstddef>
#include <functional>

namespace trustdesk {

// Calls body(i) once for every i in [0, count), on up to `max_threads` threads (0 = one per core),
// starting extra threads only when there are at least `min_per_thread` indices for each. Returns
// when every call has returned; an exception thrown by body is rethrown here (the first one).
void ParallelFor(std::size_t count, const std::function<void(std::size_t)>& body,
                 unsigned max_threads = 0, std::size_t min_per_thread = 64);

}  // namespace trustdesk
