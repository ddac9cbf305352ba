// One computation per key at a time. The first caller for a key leads: it computes the value
// and lands it; callers that arrive while the flight is in the air wait for it (their waiter is
// queued, no thread blocks) and are handed the same value when it lands.
//
// Freshness: a flight carries the generation (the page cache's Version()) it was started at.
// A caller joins a flight only when that flight started at the caller's generation or later, so
// a value computed before a change the caller already knows of is never handed to it; such a
// caller starts a new flight, which takes the key over (the old one still lands to its own
// waiters). Right after an invalidation of a busy page, then, the first reader starts one
// render and every later reader waits for that one.
//
// Thread-safe. Waiters run on the thread that calls Land(), outside the lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "util/mutex.h"

namespace quire::cache {

template <typename Value>
class SingleFlight {
 public:
  using Waiter = std::move_only_function<void(const Value&)>;

 private:
  struct Flight {
    uint64_t generation = 0;
    std::vector<Waiter> waiters;  // guarded by SingleFlight::mutex_
  };

 public:
  // What the leader holds: it must call Land() with it exactly once.
  class Lead {
   public:
    const std::string& key() const { return key_; }

   private:
    friend class SingleFlight;
    Lead(std::string key, std::shared_ptr<Flight> flight)
        : key_(std::move(key)), flight_(std::move(flight)) {}
    std::string key_;
    std::shared_ptr<Flight> flight_;
  };

  // Joins the flight for `key` when one started at `generation` or later: its waiter, made
  // by make_waiter() (called under the lock, so keep it cheap), is queued and nullopt returned.
  // Otherwise starts a flight and returns its Lead without calling make_waiter: the leader
  // answers for itself once it has the value.
  template <typename MakeWaiter>
  std::optional<Lead> Join(std::string_view key, uint64_t generation, MakeWaiter&& make_waiter) {
    util::MutexLock lock(mutex_);
    auto it = flights_.find(std::string(key));
    if (it != flights_.end() && it->second->generation >= generation) {
      it->second->waiters.push_back(Waiter(make_waiter()));
      return std::nullopt;
    }
    auto flight = std::make_shared<Flight>();
    flight->generation = generation;
    if (it != flights_.end()) {
      it->second = flight;
    } else {
      flights_.emplace(std::string(key), flight);
    }
    return Lead(std::string(key), std::move(flight));
  }

  // Ends the lead's flight: hands `value` to every waiter that joined it, in the order they
  // joined. Returns how many there were.
  size_t Land(Lead lead, const Value& value) {
    std::vector<Waiter> waiters;
    {
      util::MutexLock lock(mutex_);
      auto it = flights_.find(lead.key_);
      if (it != flights_.end() && it->second == lead.flight_) flights_.erase(it);
      waiters = std::move(lead.flight_->waiters);
    }
    for (Waiter& waiter : waiters) waiter(value);
    return waiters.size();
  }

  // Keys with a flight in the air.
  size_t InFlight() const {
    util::MutexLock lock(mutex_);
    return flights_.size();
  }

 private:
  mutable util::Mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_ QUIRE_GUARDED_BY(mutex_);
};

}  // namespace quire::cache
