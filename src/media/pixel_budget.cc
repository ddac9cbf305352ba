#include "media/pixel_budget.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace quire::media {

PixelBudget::PixelBudget(int64_t pixels, int64_t window_seconds)
    : capacity_(std::max<int64_t>(pixels, 1)),
      window_seconds_(std::max<int64_t>(window_seconds, 1)) {}

double PixelBudget::Refilled(const Bucket& bucket, int64_t now) const {
  const double per_second = static_cast<double>(capacity_) / static_cast<double>(window_seconds_);
  const double elapsed = static_cast<double>(std::max<int64_t>(now - bucket.at, 0));
  return std::min(static_cast<double>(capacity_), bucket.pixels + elapsed * per_second);
}

void PixelBudget::ForgetFullLocked(int64_t now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = Refilled(it->second, now) >= static_cast<double>(capacity_) ? buckets_.erase(it)
                                                                     : std::next(it);
  }
}

Status PixelBudget::Take(std::string_view client, int64_t pixels, int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(client));
  if (it == buckets_.end()) {
    if (buckets_.size() >= kMaxClients) ForgetFullLocked(now);
    it = buckets_.emplace(std::string(client), Bucket{static_cast<double>(capacity_), now}).first;
  }
  Bucket& bucket = it->second;
  bucket.pixels = Refilled(bucket, now);
  bucket.at = now;
  const double wanted = static_cast<double>(std::min(pixels, capacity_));
  if (wanted > bucket.pixels) {
    const double per_second = static_cast<double>(capacity_) / static_cast<double>(window_seconds_);
    const int64_t wait = static_cast<int64_t>(std::ceil((wanted - bucket.pixels) / per_second));
    const int64_t minutes = std::max<int64_t>(1, (wait + 59) / 60);
    return Fail(ErrorKind::kRateLimited,
                "You have uploaded many large images in a short time; please try again in " +
                    std::to_string(minutes) + (minutes == 1 ? " minute." : " minutes."));
  }
  bucket.pixels -= wanted;
  return {};
}

}  // namespace quire::media
