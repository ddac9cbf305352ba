#include "util/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>
#include <thread>

namespace quire::util {
namespace {

TEST(WorkerPoolTest, RunsWorkOffTheCallersThread) {
  std::promise<std::thread::id> ran;
  std::future<std::thread::id> where = ran.get_future();
  WorkerPool workers(2, 8);
  EXPECT_TRUE(workers.Run([&](bool accepted) {
    EXPECT_TRUE(accepted);
    ran.set_value(std::this_thread::get_id());
  }));
  EXPECT_NE(where.get(), std::this_thread::get_id());
}

TEST(WorkerPoolTest, RefusesPastItsQueueAndTellsTheWork) {
  // Declared before the workers: the workers' destructor runs what is queued.
  std::latch started(1), release(1);
  std::atomic<int> ran = 0;
  WorkerPool workers(1, 2);
  ASSERT_TRUE(workers.Run([&](bool) {
    started.count_down();
    release.wait();  // holds the only worker
  }));
  started.wait();
  EXPECT_TRUE(workers.Run([&](bool accepted) { ran += accepted ? 1 : 100; }));
  EXPECT_TRUE(workers.Run([&](bool accepted) { ran += accepted ? 1 : 100; }));
  bool refused_with = true;
  EXPECT_FALSE(workers.Run([&](bool accepted) { refused_with = accepted; }));
  EXPECT_FALSE(refused_with);  // called at once, on this thread, with false
  release.count_down();
}

TEST(WorkerPoolTest, FinishesQueuedWorkBeforeItIsDestroyed) {
  std::atomic<int> ran = 0;
  {
    WorkerPool workers(1, 16);
    for (int i = 0; i < 10; ++i) workers.Run([&](bool accepted) { ran += accepted ? 1 : 0; });
  }
  EXPECT_EQ(ran.load(), 10);
}

}  // namespace
}  // namespace quire::util
