#include "http/fd_limit.h"

#include <sys/resource.h>

#include <algorithm>

namespace quire::http {

size_t RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return OpenFileLimit();
}

size_t OpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;  // the usual default
  if (limit.rlim_cur == RLIM_INFINITY) return kMaxDefaultConnections * 2;
  return static_cast<size_t>(limit.rlim_cur);
}

size_t DefaultMaxConnections(size_t descriptor_limit) {
  size_t reserve = std::max(std::min(kMinReservedDescriptors, descriptor_limit / 2),
                            descriptor_limit / kReservedDescriptorsDivisor);
  size_t cap = descriptor_limit > reserve ? descriptor_limit - reserve : 1;
  return std::clamp<size_t>(cap, 1, kMaxDefaultConnections);
}

}  // namespace quire::http
