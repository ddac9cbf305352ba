// How many image pixels one client (an address) may have decoded within a window. An image is
// decoded at full size once per upload (about a second of CPU and up to 200 MB for the largest,
// media/images.h); the per-image limit and the one-at-a-time decoding bound the memory, and this
// bounds how much of the machine one address can take by uploading large images again and
// again, without slowing anyone else. A token bucket per address: it holds `pixels` at most and
// refills at `pixels` per `window_seconds`. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "util/status.h"

namespace quire::media {

class PixelBudget {
 public:
  // Ten of the largest images (kMaxImagePixels) per ten minutes.
  static constexpr int64_t kDefaultPixels = 500'000'000;
  static constexpr int64_t kWindowSeconds = 600;
  // Addresses remembered at once; past it, those whose bucket is full again are forgotten.
  static constexpr size_t kMaxClients = 4096;

  explicit PixelBudget(int64_t pixels = kDefaultPixels, int64_t window_seconds = kWindowSeconds);

  // Takes `pixels` from `client`'s budget at `now` (seconds). kRateLimited, saying how many
  // minutes to wait, when they do not fit (nothing is taken then).
  Status Take(std::string_view client, int64_t pixels, int64_t now);

 private:
  struct Bucket {
    double pixels = 0;  // left
    int64_t at = 0;     // when `pixels` was computed
  };
  double Refilled(const Bucket& bucket, int64_t now) const;
  void ForgetFullLocked(int64_t now);

  const int64_t capacity_;
  const int64_t window_seconds_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mutex_
};

}  // namespace quire::media
