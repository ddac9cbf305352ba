// application/x-www-form-urlencoded bodies and query strings (http::Form::Parse).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  quire::http::Form form = quire::http::Form::Parse(text);
  // Every lookup a handler makes: first value, all values, presence.
  for (std::string_view name : {"comment", "author", "a", "", "x[]"}) {
    (void)form.Get(name);
    (void)form.GetAll(name);
    (void)form.Has(name);
  }
  return 0;
}
