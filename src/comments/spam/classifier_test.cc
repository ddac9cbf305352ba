#include "comments/spam/classifier.h"

#include <gtest/gtest.h>

namespace quire::comments::spam {
namespace {

TEST(Classifier, NoEvidenceIsNeutral) {
  EXPECT_DOUBLE_EQ(Classify({}, 100, 100), 0.5);
  EXPECT_DOUBLE_EQ(Classify({{10, 10}, {3, 3}}, 100, 100), 0.5) << "tokens seen equally";
}

TEST(Classifier, TokenProbabilityLeansTowardsHalfWhenRare) {
  EXPECT_NEAR(TokenProbability({1, 0}, 100, 100), (0.45 * 0.5 + 1.0) / 1.45, 1e-9);
  EXPECT_GT(TokenProbability({50, 0}, 100, 100), 0.99);
  EXPECT_LT(TokenProbability({0, 50}, 100, 100), 0.01);
  // Ratios, not raw counts: 10 of 10 spam against 10 of 1000 ham.
  EXPECT_GT(TokenProbability({10, 10}, 10, 1000), 0.95);
}

TEST(Classifier, AgreeingEvidenceIsConfident) {
  std::vector<store::TokenCounts> spammy(10, store::TokenCounts{40, 1});
  std::vector<store::TokenCounts> hammy(10, store::TokenCounts{1, 40});
  EXPECT_GT(Classify(spammy, 50, 50), 0.95);
  EXPECT_LT(Classify(hammy, 50, 50), 0.05);
  std::vector<store::TokenCounts> mixed = spammy;
  mixed.insert(mixed.end(), hammy.begin(), hammy.end());
  EXPECT_NEAR(Classify(mixed, 50, 50), 0.5, 0.05) << "disagreement is uncertainty";
}

}  // namespace
}  // namespace quire::comments::spam
