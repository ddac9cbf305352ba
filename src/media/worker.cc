#include "media/worker.h"

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

}  // namespace quire::media
