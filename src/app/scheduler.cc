#include "app/scheduler.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "store/publishing.h"

namespace quire::app {

std::chrono::milliseconds SleepBefore(int64_t now, std::optional<int64_t> next,
                                      std::chrono::milliseconds max_sleep) {
  if (!next || *next <= now) return max_sleep;
  const int64_t max_seconds = max_sleep.count() / 1000 + 1;
  const int64_t wait = std::min(*next - now, max_seconds);
  return std::min(max_sleep, std::chrono::milliseconds(wait * 1000));
}

Scheduler::Scheduler(store::Store& store, const util::Clock& clock, SchedulerOptions options)
    : store_(store), clock_(clock), options_(options) {}

Scheduler::~Scheduler() {
  Stop();
}

void Scheduler::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Wake() {
  {
    util::MutexLock lock(mutex_);
    woken_ = true;
  }
  cv_.NotifyAll();
}

void Scheduler::Stop() {
  {
    util::MutexLock lock(mutex_);
    stopping_ = true;
  }
  cv_.NotifyAll();
  if (thread_.joinable()) thread_.join();
}

int64_t Scheduler::published() const {
  util::MutexLock lock(mutex_);
  return published_;
}

Result<std::optional<int64_t>> Scheduler::RunPass() {
  const int64_t now = clock_.Now();
  int64_t count = 0;
  Status written = store_.WriteSync([now, &count](store::Transaction& tx) -> Status {
    Result<int64_t> done = store::PublishDue(tx, now);
    if (!done) return std::unexpected(std::move(done.error()));
    count = *done;
    return {};
  });
  if (!written) return std::unexpected(std::move(written.error()));
  if (count > 0) {
    spdlog::info("scheduler: published {} scheduled item{}", count, count == 1 ? "" : "s");
    util::MutexLock lock(mutex_);
    published_ += count;
  }
  return store::NextScheduled(store_);
}

void Scheduler::Loop() {
  util::MutexLock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.Unlock();
    std::optional<int64_t> next;
    if (Result<std::optional<int64_t>> pass = RunPass(); pass) {
      next = *pass;
    } else {
      spdlog::warn("scheduler: cannot publish scheduled items: {}", pass.error().message);
    }
    const std::chrono::milliseconds sleep = SleepBefore(clock_.Now(), next, options_.max_sleep);
    lock.Lock();
    cv_.WaitFor(lock, sleep, [this]() QUIRE_REQUIRES(mutex_) { return stopping_ || woken_; });
  }
}

}  // namespace quire::app
