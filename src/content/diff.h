// Comparing two texts for the revisions screen: a longest-common-subsequence diff over lines,
// refined to words inside each changed block, written as escaped HTML with <del> and <ins>.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quire::content {

enum class DiffOp { kEqual, kDelete, kInsert };

struct DiffPiece {
  DiffOp op = DiffOp::kEqual;
  std::string text;  // the tokens of one run, joined (adjacent pieces never share an op)

  bool operator==(const DiffPiece&) const = default;
};

// Above this many before×after tokens (after trimming the common head and tail) a block is
// shown as wholly deleted then wholly inserted, so that a diff never needs more memory.
inline constexpr size_t kMaxDiffCells = 4'000'000;

// The lines of `text`, each with its "\n" (the last one may lack it). "" has no lines.
std::vector<std::string> SplitLines(std::string_view text);
// Words and the runs of whitespace between them, alternately; joined they give `text` back.
std::vector<std::string> SplitWords(std::string_view text);

// The shortest edit from `before` to `after` as runs of equal, deleted and inserted tokens (a
// longest common subsequence; deletions come before insertions within a change). Joining the
// equal and deleted pieces gives `before` back; the equal and inserted ones give `after`.
std::vector<DiffPiece> DiffTokens(const std::vector<std::string>& before,
                                  const std::vector<std::string>& after);

// Line diff of two texts, each changed block refined to a word diff. Joining equal and deleted
// pieces gives `before`, equal and inserted ones `after`.
std::vector<DiffPiece> DiffText(std::string_view before, std::string_view after);

// The pieces as HTML: text escaped, deletions in <del>, insertions in <ins> (put it in a <pre>
// or an element with white-space: pre-wrap to keep the lines).
std::string DiffToHtml(const std::vector<DiffPiece>& pieces);

}  // namespace quire::content
