// Where pages are rendered on a cache miss. A render reads the store and runs the templates: for
// an article with thousands of comments that is many milliseconds, which on a server I/O thread
// would stall every reader on that thread (cached pages included). Handlers therefore queue
// renders here and answer through their Respond callback when the work is done. At most
// `threads` renders run at once and at most `max_waiting` wait; past that Run() refuses, and the
// work answers 503 with Retry-After rather than letting a queue of work grow without bound.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace quire::site {

class RenderWorkers {
 public:
  static constexpr int kDefaultThreads = 2;
  static constexpr size_t kDefaultMaxWaiting = 512;

  explicit RenderWorkers(int threads = kDefaultThreads, size_t max_waiting = kDefaultMaxWaiting);
  // Runs what was queued, then joins the threads.
  ~RenderWorkers();
  RenderWorkers(const RenderWorkers&) = delete;
  RenderWorkers& operator=(const RenderWorkers&) = delete;

  // A piece of work: called once, with true on a worker thread, or with false on the caller's
  // thread, before Run() returns, when it was refused (it should then answer "busy").
  using Work = std::move_only_function<void(bool accepted)>;

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

}  // namespace quire::site
