// The learning filter: scores a comment from what moderators taught it, and learns from their
// spam / not-spam decisions. Counts live in the store (store/spam.h); a score is one read.
//
// For the admin screens: call LearnFromModeration inside the write job that changes a
// comment's status (with the comment as it was before), or Train / Untrain directly.
#pragma once

#include <cstdint>
#include <string>

#include "store/records.h"
#include "store/store.h"
#include "util/status.h"

namespace quire::comments::spam {

struct FilterScore {
  bool trained = false;  // false: fewer than kMinTrainedEach spam or genuine comments learnt
  double score = 0.5;    // 0: surely genuine, 1: surely spam; 0.5 while untrained
  int64_t spam_messages = 0;
  int64_t ham_messages = 0;
};

// The comment's score (its fields as typed; its id is not used).
Result<FilterScore> ScoreComment(store::Store& store, const store::Comment& comment);

// Learns the comment as spam or as genuine. Learning it again the same way changes nothing;
// learning it the other way first takes back what was learnt. Inside a Store::Write job.
Status Train(store::Transaction& tx, const store::Comment& comment, bool is_spam);
// Takes back whatever was learnt from this comment (nothing when it was never learnt).
Status Untrain(store::Transaction& tx, int64_t comment_id);

// What a moderator's change of status teaches: to spam → spam; out of spam (Not spam) →
// genuine; approved by a moderator → genuine. Trashing and unapproving teach nothing (they say
// nothing about spam) and keep what was learnt. `before` is the comment before the change.
Status LearnFromModeration(store::Transaction& tx, const store::Comment& before,
                           store::CommentStatus after);

// "0.83": a score as the reasons show it.
std::string FormatScore(double score);

}  // namespace quire::comments::spam
