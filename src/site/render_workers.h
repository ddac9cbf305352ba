// Where pages are rendered on a cache miss. A render reads the store and runs the templates: for
// an article with thousands of comments that is many milliseconds, which on a server I/O thread
// would stall every reader on that thread (cached pages included). Handlers therefore queue
// renders here and answer through their Respond callback when the work is done. At most
// `threads` renders run at once and at most `max_waiting` wait; past that Run() refuses, and the
// work answers 503 with Retry-After rather than letting a queue of work grow without bound.
#pragma once

#include <cstddef>

#include "util/worker_pool.h"

namespace quire::site {

class RenderWorkers : public util::WorkerPool {
 public:
  static constexpr int kDefaultThreads = 2;
  static constexpr size_t kDefaultMaxWaiting = 512;

  explicit RenderWorkers(int threads = kDefaultThreads, size_t max_waiting = kDefaultMaxWaiting)
      : WorkerPool(threads, max_waiting) {}
};

}  // namespace quire::site
