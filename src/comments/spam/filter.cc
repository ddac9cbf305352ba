#include "comments/spam/filter.h"

#include <cstdio>
#include <utility>
#include <vector>

#include "comments/spam/classifier.h"
#include "comments/spam/tokenizer.h"
#include "store/spam.h"

namespace quire::comments::spam {

Result<FilterScore> ScoreComment(store::Store& store, const store::Comment& comment) {
  std::vector<std::string> tokens = Tokenize(comment);
  Result<store::FilterCounts> counts = store::LoadFilterCounts(store, tokens, kMinTrainedEach);
  if (!counts) return std::unexpected(std::move(counts.error()));
  FilterScore result;
  result.spam_messages = counts->spam_messages;
  result.ham_messages = counts->ham_messages;
  result.trained =
      counts->spam_messages >= kMinTrainedEach && counts->ham_messages >= kMinTrainedEach;
  if (!result.trained) return result;
  std::vector<store::TokenCounts> known;
  known.reserve(counts->tokens.size());
  for (const auto& [token, token_counts] : counts->tokens) known.push_back(token_counts);
  result.score = Classify(known, counts->spam_messages, counts->ham_messages);
  return result;
}

Status Train(store::Transaction& tx, const store::Comment& comment, bool is_spam) {
  Result<std::optional<store::TrainedLabel>> label = store::FindTrainedLabel(tx, comment.id);
  if (!label) return std::unexpected(std::move(label.error()));
  if (*label && (*label)->is_spam == is_spam) return {};
  if (*label) {
    if (auto removed = store::RemoveTrainedLabel(tx, comment.id); !removed) {
      return std::unexpected(std::move(removed.error()));
    }
  }
  return store::AddTrainedLabel(tx, comment.id, store::TrainedLabel{is_spam, Tokenize(comment)});
}

Status Untrain(store::Transaction& tx, int64_t comment_id) {
  Result<bool> removed = store::RemoveTrainedLabel(tx, comment_id);
  if (!removed) return std::unexpected(std::move(removed.error()));
  return {};
}

Status LearnFromModeration(store::Transaction& tx, const store::Comment& before,
                           store::CommentStatus after) {
  using store::CommentStatus;
  if (after == CommentStatus::kSpam) return Train(tx, before, true);
  bool not_spam = before.status == CommentStatus::kSpam;
  bool approved = after == CommentStatus::kApproved && before.status != CommentStatus::kApproved;
  if (not_spam || approved) return Train(tx, before, false);
  return {};
}

std::string FormatScore(double score) {
  char text[16];
  std::snprintf(text, sizeof text, "%.2f", score);
  return text;
}

}  // namespace quire::comments::spam
