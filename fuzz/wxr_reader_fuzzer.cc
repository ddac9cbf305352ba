// The WXR reader (libxml2's streaming reader under Quire's limits): the input is written to a
// temporary file, which the reader reads to the end or to its first error.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "wxr/reader.h"

namespace {

// One temporary file for the whole run, rewritten for each input.
const std::string& InputFile() {
  static const std::string path = [] {
    std::string pattern = "/tmp/quire-fuzz-wxr-XXXXXX";
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) std::abort();
    ::close(fd);
    return pattern;
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = InputFile();
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, file) != size) std::abort();
  std::fclose(file);

  quire::wxr::ReaderLimits limits;
  limits.max_value_bytes = 1 << 16;
  limits.max_depth = 16;
  auto reader = quire::wxr::Reader::Open(path, limits);
  if (!reader) return 0;
  for (int entries = 0; entries < 10000; ++entries) {
    auto next = (*reader)->Next();
    if (!next || !*next) break;
  }
  (void)(*reader)->channel();
  return 0;
}
