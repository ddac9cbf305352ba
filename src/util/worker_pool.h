// A fixed set of threads for work that must not run on the server's I/O threads (password
// hashes, image resizing, page renders), with a bounded queue: at most `threads` pieces run at
// once and at most `max_waiting` wait; past that Run() refuses, so that a flood of requests
// cannot grow a queue without bound. Work runs in the order it was queued.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

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
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Work> queue_;  // guarded by mutex_
  bool stopping_ = false;   // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace quire::util
