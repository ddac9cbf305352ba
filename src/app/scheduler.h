// The scheduler: a thread owned by the server that publishes scheduled ("future") items when
// their time comes (store::PublishDue), within about a second. It sleeps until the earliest
// scheduled time (store::NextScheduled) but never longer than SchedulerOptions::max_sleep, so
// items scheduled by another process (the CLI) are seen too; a local save wakes it at once.
//
//   Scheduler scheduler(store, clock);
//   scheduler.Start();        // the thread runs a pass, then sleeps, until Stop()
//   scheduler.Wake();         // e.g. after a commit that touched an item
//   scheduler.Stop();         // lets the pass in progress finish, then joins (also ~Scheduler)
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include "store/store.h"
#include "util/clock.h"
#include "util/mutex.h"
#include "util/status.h"

namespace quire::app {

struct SchedulerOptions {
  // The longest sleep between two passes. Default 1 s: an item is published at most about a
  // second after its time, and a pass is one indexed query when nothing is due.
  std::chrono::milliseconds max_sleep{1000};
};

// How long to sleep after a pass at `now` when the earliest scheduled time is `next` (nullopt:
// none): until `next`, at most `max_sleep`; `max_sleep` too when `next` is not in the future
// (the pass could not publish it: retry later rather than spin).
std::chrono::milliseconds SleepBefore(int64_t now, std::optional<int64_t> next,
                                      std::chrono::milliseconds max_sleep);

class Scheduler {
 public:
  // `store` and `clock` must outlive the scheduler.
  Scheduler(store::Store& store, const util::Clock& clock, SchedulerOptions options = {});
  ~Scheduler();  // Stop()
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts the thread. Call once.
  void Start();
  // Makes the thread run a pass now (an item may have been scheduled or rescheduled).
  void Wake();
  // Lets a pass in progress finish, then stops the thread. Idempotent.
  void Stop();

  // One pass on the calling thread: publishes every item due at the clock's now (one write),
  // then returns the earliest remaining scheduled time (nullopt: none).
  Result<std::optional<int64_t>> RunPass();

  // How many items the passes have published so far.
  int64_t published() const;

 private:
  void Loop();

  store::Store& store_;
  const util::Clock& clock_;
  SchedulerOptions options_;

  mutable util::Mutex mutex_;
  util::CondVar cv_;
  bool woken_ QUIRE_GUARDED_BY(mutex_) = false;
  bool stopping_ QUIRE_GUARDED_BY(mutex_) = false;
  int64_t published_ QUIRE_GUARDED_BY(mutex_) = 0;
  std::thread thread_;
};

}  // namespace quire::app
