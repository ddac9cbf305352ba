// A fixed set of threads for work that must not run on the server's I/O threads (password
// hashes, image resizing, page renders), with a bounded queue: at most `threads` pieces run at
// once and at most `max_waiting` wait; past that Run() refuses, so that a flood of requests
// cannot grow a queue without bound. Work runs in the order it was queued.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "util/mutex.h"

namespace quire::util {

class WorkerPool {
 public:
  // A piece of work: called once, with true on a worker thread, or with false on the caller's
  // thread, before Run() returns, when it was refused (it should then answer "busy").
  using Work = std::move_only_function<void(bool accepted)>;

  WorkerPool(int threads, size_t max_waiting);  // threads: at least one
  // Runs what was queued, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues the work; false (after calling work(false)) when max_waiting already wait.
  bool Run(Work work);

 private:
  void Loop();

  const size_t max_waiting_;
  Mutex mutex_;
  CondVar wake_;
  std::deque<Work> queue_ QUIRE_GUARDED_BY(mutex_);
  bool stopping_ QUIRE_GUARDED_BY(mutex_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace quire::util
