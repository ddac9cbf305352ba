#include "admin/password_workers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace quire::admin {
namespace {

TEST(PasswordWorkers, RunsWorkOffTheCallersThread) {
  PasswordWorkers workers(1);
  std::promise<std::thread::id> ran_on;
  ASSERT_TRUE(workers.Run([&] { ran_on.set_value(std::this_thread::get_id()); }));
  EXPECT_NE(ran_on.get_future().get(), std::this_thread::get_id());
}

TEST(PasswordWorkers, RefusesWorkBeyondTheQueueLimitAndFinishesTheRest) {
  std::atomic<int> done{0};
  int queued = 1;
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  {
    PasswordWorkers workers(1, 2);
    ASSERT_TRUE(workers.Run([gate, &done] {  // occupies the only thread
      gate.wait();
      ++done;
    }));
    // The first job may not have been taken off the queue yet: fill up to the limit.
    for (int i = 0; i < 10 && workers.Run([&done] { ++done; }); ++i) ++queued;
    EXPECT_LE(queued, 3);  // one running (or waiting) plus at most two waiting
    release.set_value();
  }  // the destructor runs what was queued
  EXPECT_EQ(done.load(), queued);
}

}  // namespace
}  // namespace quire::admin
