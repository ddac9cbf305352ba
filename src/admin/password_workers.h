// Where Argon2id runs. A hash costs tens of milliseconds and 64 MiB by design, so it never runs
// on the server's I/O threads (a login would stall every reader on that thread): work is queued
// to these threads instead. At most `threads` hashes run at once and at most `max_waiting` wait,
// which also bounds what a flood of login attempts can take from the machine.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace quire::admin {

class PasswordWorkers {
 public:
  explicit PasswordWorkers(int threads = 2, size_t max_waiting = 64);
  // Runs what was queued, then joins the threads.
  ~PasswordWorkers();
  PasswordWorkers(const PasswordWorkers&) = delete;
  PasswordWorkers& operator=(const PasswordWorkers&) = delete;

  // Queues the work; false (and the work is dropped) when max_waiting are already waiting.
  bool Run(std::move_only_function<void()> work);

 private:
  void Loop();

  const size_t max_waiting_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::move_only_function<void()>> queue_;  // guarded by mutex_
  bool stopping_ = false;                              // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace quire::admin
