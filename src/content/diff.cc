#include "content/diff.h"

#include <algorithm>
#include <cstdint>

#include "util/strings.h"

namespace quire::content {
namespace {

using Tokens = std::vector<std::string>;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Appends a piece, merging it into the last one when they share an op.
void Append(std::vector<DiffPiece>& out, DiffOp op, std::string_view text) {
  if (text.empty()) return;
  if (!out.empty() && out.back().op == op) {
    out.back().text += text;
  } else {
    out.push_back({op, std::string(text)});
  }
}

void AppendAll(std::vector<DiffPiece>& out, DiffOp op, const Tokens& tokens, size_t from,
               size_t to) {
  for (size_t i = from; i < to; ++i) Append(out, op, tokens[i]);
}

// The LCS table of a[from_a, to_a) and b[from_b, to_b): cell (i, j) holds the LCS length of
// the suffixes starting at i and j (relative), so the walk can go forwards.
std::vector<uint32_t> SuffixLcs(const Tokens& a, size_t from_a, size_t n, const Tokens& b,
                                size_t from_b, size_t m) {
  std::vector<uint32_t> table((n + 1) * (m + 1), 0);
  auto at = [m](size_t i, size_t j) { return i * (m + 1) + j; };
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      table[at(i, j)] = a[from_a + i] == b[from_b + j]
                            ? table[at(i + 1, j + 1)] + 1
                            : std::max(table[at(i + 1, j)], table[at(i, j + 1)]);
    }
  }
  return table;
}

// The middle part (after trimming the common head and tail) through the LCS table.
void DiffMiddle(const Tokens& a, size_t from_a, size_t to_a, const Tokens& b, size_t from_b,
                size_t to_b, std::vector<DiffPiece>& out) {
  const size_t n = to_a - from_a, m = to_b - from_b;
  if (n == 0 || m == 0 || n * m > kMaxDiffCells) {
    AppendAll(out, DiffOp::kDelete, a, from_a, to_a);
    AppendAll(out, DiffOp::kInsert, b, from_b, to_b);
    return;
  }
  const std::vector<uint32_t> table = SuffixLcs(a, from_a, n, b, from_b, m);
  auto at = [m](size_t i, size_t j) { return i * (m + 1) + j; };
  size_t i = 0, j = 0;
  // Deletions and insertions gathered since the last equal token, written deletions first.
  std::vector<DiffPiece> deleted, inserted;
  auto flush = [&] {
    for (DiffPiece& piece : deleted) Append(out, piece.op, piece.text);
    for (DiffPiece& piece : inserted) Append(out, piece.op, piece.text);
    deleted.clear();
    inserted.clear();
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[from_a + i] == b[from_b + j]) {
      flush();
      Append(out, DiffOp::kEqual, a[from_a + i]);
      ++i, ++j;
    } else if (j == m || (i < n && table[at(i + 1, j)] >= table[at(i, j + 1)])) {
      Append(deleted, DiffOp::kDelete, a[from_a + i++]);
    } else {
      Append(inserted, DiffOp::kInsert, b[from_b + j++]);
    }
  }
  flush();
}

}  // namespace

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    lines.emplace_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    const bool space = IsSpace(text[start]);
    size_t end = start + 1;
    while (end < text.size() && IsSpace(text[end]) == space) ++end;
    words.emplace_back(text.substr(start, end - start));
    start = end;
  }
  return words;
}

std::vector<DiffPiece> DiffTokens(const Tokens& before, const Tokens& after) {
  size_t head = 0;
  while (head < before.size() && head < after.size() && before[head] == after[head]) ++head;
  size_t tail = 0;
  while (tail < before.size() - head && tail < after.size() - head &&
         before[before.size() - 1 - tail] == after[after.size() - 1 - tail]) {
    ++tail;
  }
  std::vector<DiffPiece> out;
  AppendAll(out, DiffOp::kEqual, before, 0, head);
  DiffMiddle(before, head, before.size() - tail, after, head, after.size() - tail, out);
  AppendAll(out, DiffOp::kEqual, before, before.size() - tail, before.size());
  return out;
}

std::vector<DiffPiece> DiffText(std::string_view before, std::string_view after) {
  const std::vector<DiffPiece> lines = DiffTokens(SplitLines(before), SplitLines(after));
  std::vector<DiffPiece> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const bool replaced = lines[i].op == DiffOp::kDelete && i + 1 < lines.size() &&
                          lines[i + 1].op == DiffOp::kInsert;
    if (!replaced) {
      Append(out, lines[i].op, lines[i].text);
      continue;
    }
    for (const DiffPiece& word :
         DiffTokens(SplitWords(lines[i].text), SplitWords(lines[i + 1].text))) {
      Append(out, word.op, word.text);
    }
    ++i;
  }
  return out;
}

std::string DiffToHtml(const std::vector<DiffPiece>& pieces) {
  std::string html;
  for (const DiffPiece& piece : pieces) {
    const char* tag = piece.op == DiffOp::kDelete   ? "del"
                      : piece.op == DiffOp::kInsert ? "ins"
                                                    : "";
    if (*tag) html += std::string("<") + tag + ">";
    util::AppendHtmlEscaped(html, piece.text);
    if (*tag) html += std::string("</") + tag + ">";
  }
  return html;
}

}  // namespace quire::content
