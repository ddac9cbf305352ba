// Where Argon2id runs. A hash costs tens of milliseconds and 64 MiB by design, so it never runs
// on the server's I/O threads (a login would stall every reader on that thread): work is queued
// to these threads instead. At most `threads` hashes run at once and at most `max_waiting` wait,
// which also bounds what a flood of login attempts can take from the machine.
#pragma once

#include <cstddef>
#include <functional>
#include <utility>

#include "util/worker_pool.h"

namespace quire::admin {

class PasswordWorkers {
 public:
  explicit PasswordWorkers(int threads = 2, size_t max_waiting = 64)
      : pool_(threads, max_waiting) {}

  // Queues the work; false (and the work is dropped) when max_waiting are already waiting.
  bool Run(std::move_only_function<void()> work) {
    return pool_.Run([work = std::move(work)](bool accepted) mutable {
      if (accepted) work();
    });
  }

 private:
  util::WorkerPool pool_;  // runs what was queued before it is destroyed
};

}  // namespace quire::admin
