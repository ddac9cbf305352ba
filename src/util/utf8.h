// UTF-8, one code point at a time. Strict: overlong forms, surrogates and values past U+10FFFF
// are malformed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace quire::util {

// Decodes the sequence starting at text[pos] (pos < text.size()). Sets length to the bytes it
// takes; a malformed sequence gives nullopt with length 1.
std::optional<char32_t> DecodeUtf8(std::string_view text, size_t pos, size_t& length);

// Appends the encoding of a valid code point.
void AppendUtf8(std::string& out, char32_t code_point);

}  // namespace quire::util
