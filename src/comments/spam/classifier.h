// The learning filter's arithmetic, pure: Gary Robinson's per-token probabilities combined
// with Fisher's method (chi-squared), as SpamBayes does. It says "spam" and "not spam" with
// confidence only when the evidence agrees, and 0.5 when it has none or it is mixed.
#pragma once

#include <cstdint>
#include <vector>

#include "store/spam.h"

namespace quire::comments::spam {

// The filter stays neutral until it has learnt from this many of each kind.
inline constexpr int64_t kMinTrainedEach = 20;

// A token's spam probability from its counts, pulled towards 0.5 while it was seen rarely:
// f = (s*x + n*p) / (s + n) with strength s = 0.45 and x = 0.5.
double TokenProbability(const store::TokenCounts& counts, int64_t spam_messages,
                        int64_t ham_messages);

// The spam score in [0, 1] of a message whose known tokens have these counts (tokens never
// seen are left out by the caller). Uses at most the 150 tokens furthest from 0.5 and ignores
// those within 0.1 of it; 0.5 when none is left.
double Classify(const std::vector<store::TokenCounts>& tokens, int64_t spam_messages,
                int64_t ham_messages);

}  // namespace quire::comments::spam
