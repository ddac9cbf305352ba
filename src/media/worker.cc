#include "media/worker.h"

#include <utility>

namespace quire::media {
namespace {

// The process's decoded images (ImageSlot): one limit for every thread that decodes.
std::counting_semaphore<kMaxDecodedImages>& DecodedImages() {
  static std::counting_semaphore<kMaxDecodedImages> slots(kMaxDecodedImages);
  return slots;
}

}  // namespace

ImageSlot::ImageSlot() {
  DecodedImages().acquire();
}

ImageSlot::~ImageSlot() {
  DecodedImages().release();
}

Worker::Worker(size_t max_waiting) : max_waiting_(max_waiting), thread_([this] { Loop(); }) {}

Worker::~Worker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool Worker::Run(std::move_only_function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= max_waiting_) return false;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void Worker::Loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything queued has run
    std::move_only_function<void()> job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

}  // namespace quire::media
