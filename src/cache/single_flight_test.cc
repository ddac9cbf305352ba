#include "cache/single_flight.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace quire::cache {
namespace {

using Flights = SingleFlight<std::string>;

// A waiter that writes what it is handed into `*out`.
auto Into(std::optional<std::string>* out) {
  return [out] { return [out](const std::string& value) { *out = value; }; };
}

TEST(SingleFlightTest, TheFirstLeadsAndTheOthersShareItsValue) {
  Flights flights;
  std::optional<std::string> first, second, third;
  std::optional<Flights::Lead> lead = flights.Join("/post/", 7, Into(&first));
  ASSERT_TRUE(lead.has_value());
  EXPECT_FALSE(flights.Join("/post/", 7, Into(&second)).has_value());
  EXPECT_FALSE(flights.Join("/post/", 3, Into(&third)).has_value());  // older news: joins
  EXPECT_EQ(flights.InFlight(), 1u);
  EXPECT_FALSE(second.has_value());  // waiting, not answered

  EXPECT_EQ(flights.Land(std::move(*lead), "page"), 2u);
  EXPECT_FALSE(first.has_value());  // the leader answers for itself
  EXPECT_EQ(second, "page");
  EXPECT_EQ(third, "page");
  EXPECT_EQ(flights.InFlight(), 0u);
  // The key is free again: the next caller leads a new flight.
  std::optional<std::string> later;
  EXPECT_TRUE(flights.Join("/post/", 7, Into(&later)).has_value());
}

TEST(SingleFlightTest, KeysFlyApart) {
  Flights flights;
  std::optional<std::string> a, b;
  std::optional<Flights::Lead> lead_a = flights.Join("/a/", 1, Into(&a));
  std::optional<Flights::Lead> lead_b = flights.Join("/b/", 1, Into(&b));
  ASSERT_TRUE(lead_a && lead_b);
  EXPECT_EQ(flights.InFlight(), 2u);
  EXPECT_EQ(flights.Land(std::move(*lead_a), "A"), 0u);
  EXPECT_EQ(flights.InFlight(), 1u);
  EXPECT_EQ(flights.Land(std::move(*lead_b), "B"), 0u);
}

TEST(SingleFlightTest, AReaderWhoKnowsOfANewerChangeStartsAFreshRender) {
  Flights flights;
  std::optional<std::string> old_waiter, new_waiter, unused;
  std::optional<Flights::Lead> old_lead = flights.Join("/busy/", 1, Into(&unused));
  ASSERT_TRUE(old_lead.has_value());
  EXPECT_FALSE(flights.Join("/busy/", 1, Into(&old_waiter)).has_value());
  // A comment was accepted (the cache's version moved to 2): this reader must not be sent the
  // page rendered before it, so it leads a new render, and later readers wait for that one.
  std::optional<Flights::Lead> new_lead = flights.Join("/busy/", 2, Into(&unused));
  ASSERT_TRUE(new_lead.has_value());
  EXPECT_FALSE(flights.Join("/busy/", 2, Into(&new_waiter)).has_value());

  // The old render lands to its own waiter only and leaves the new flight in the air.
  EXPECT_EQ(flights.Land(std::move(*old_lead), "before the comment"), 1u);
  EXPECT_EQ(old_waiter, "before the comment");
  EXPECT_FALSE(new_waiter.has_value());
  EXPECT_EQ(flights.InFlight(), 1u);
  EXPECT_EQ(flights.Land(std::move(*new_lead), "with the comment"), 1u);
  EXPECT_EQ(new_waiter, "with the comment");
  EXPECT_EQ(flights.InFlight(), 0u);
}

TEST(SingleFlightTest, ConcurrentReadersMakeOneLeader) {
  constexpr int kReaders = 16;
  Flights flights;
  std::atomic<int> leaders = 0, answered = 0;
  std::vector<std::optional<Flights::Lead>> leads(kReaders);
  std::latch joined(kReaders);
  std::vector<std::thread> threads;
  for (int i = 0; i < kReaders; ++i) {
    threads.emplace_back([&, i] {
      leads[i] = flights.Join("/front/", 5, [&] {
        return [&](const std::string& value) {
          if (value == "front page") ++answered;
        };
      });
      if (leads[i]) ++leaders;
      joined.count_down();
    });
  }
  joined.wait();
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(leaders.load(), 1);
  for (std::optional<Flights::Lead>& lead : leads) {
    if (lead) {
      EXPECT_EQ(flights.Land(std::move(*lead), "front page"), size_t{kReaders - 1});
    }
  }
  EXPECT_EQ(answered.load(), kReaders - 1);
}

}  // namespace
}  // namespace quire::cache
