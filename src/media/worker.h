// Where image work runs: a thread of its own, off the server's I/O threads (resizing a large
// photo takes a second and far more memory than a page view). Jobs run one at a time, in order;
// at most `max_waiting` wait, which bounds what a burst of uploads can take from the machine.
//
// Other threads decode images too (an import of a WordPress site), so the process also limits
// how many images are decoded at once, whoever decodes them: see ImageSlot.
#pragma once

#include <cstddef>
#include <functional>
#include <semaphore>
#include <utility>

#include "util/worker_pool.h"

namespace quire::media {

// At most this many images are held decoded in memory at once in the process; with the pixel
// budget (kMaxImagePixels, media/images.h) that is at most about 200 MB each.
inline constexpr int kMaxDecodedImages = 1;

// A permit to hold one decoded image: the constructor waits (off I/O threads only) until fewer
// than kMaxDecodedImages are held. A thread must not wait for a second one while it holds one.
class ImageSlot {
 public:
  ImageSlot();
  ~ImageSlot();
  ImageSlot(const ImageSlot&) = delete;
  ImageSlot& operator=(const ImageSlot&) = delete;
};

class Worker {
 public:
  explicit Worker(size_t max_waiting = 16) : pool_(1, max_waiting) {}

  // Queues the job; false (and the job is dropped) when max_waiting are already waiting.
  bool Run(std::move_only_function<void()> job) {
    return pool_.Run([job = std::move(job)](bool accepted) mutable {
      if (accepted) job();
    });
  }

 private:
  util::WorkerPool pool_;  // one thread: jobs run one at a time, in order
};

}  // namespace quire::media
