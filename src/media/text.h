// The words people give an upload (its title, from the file's name or typed; alt text; caption)
// as Quire keeps them: valid UTF-8 without the characters that change how text around them is
// shown. Control characters (C0, DEL, C1) and the Unicode bidirectional controls (LRM, RLM,
// ALM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI) are removed — a right-to-left override in
// "photo\u202Egpj.exe" shows it as "photoexe.jpg" —, a malformed byte becomes U+FFFD, and runs
// of spaces at either end are trimmed.
#pragma once

#include <string>
#include <string_view>

namespace quire::media {

enum class Lines {
  kOne,       // a title or alt text: line breaks and tabs become spaces
  kMultiple,  // a caption: line breaks ("\n"; "\r\n" becomes "\n") and tabs stay
};

// `text` cleaned as described above.
std::string CleanText(std::string_view text, Lines lines = Lines::kOne);

// Whether the code point is removed by CleanText (tabs and line breaks aside).
bool IsHiddenControl(char32_t code_point);

}  // namespace quire::media
