#include "comments/spam/classifier.h"

#include <algorithm>
#include <cmath>

namespace quire::comments::spam {
namespace {

constexpr double kStrength = 0.45;    // Robinson's s
constexpr double kUnknown = 0.5;      // Robinson's x
constexpr double kMinDistance = 0.1;  // tokens nearer 0.5 say nothing
constexpr size_t kMaxDiscriminators = 150;
constexpr double kTiny = 1e-10;  // keeps log() finite at probabilities of 0 and 1

// The probability that a chi-squared variable with 2*half_df degrees of freedom exceeds x2
// (the series for even degrees of freedom).
double Chi2Q(double x2, size_t half_df) {
  double m = x2 / 2.0;
  double term = std::exp(-m);
  double sum = term;
  for (size_t i = 1; i < half_df; ++i) {
    term *= m / static_cast<double>(i);
    sum += term;
  }
  return std::min(sum, 1.0);
}

}  // namespace

double TokenProbability(const store::TokenCounts& counts, int64_t spam_messages,
                        int64_t ham_messages) {
  double spam_ratio =
      static_cast<double>(counts.spam) / static_cast<double>(std::max<int64_t>(spam_messages, 1));
  double ham_ratio =
      static_cast<double>(counts.ham) / static_cast<double>(std::max<int64_t>(ham_messages, 1));
  double seen = static_cast<double>(counts.spam + counts.ham);
  if (seen <= 0 || spam_ratio + ham_ratio <= 0) return kUnknown;
  double p = spam_ratio / (spam_ratio + ham_ratio);
  return (kStrength * kUnknown + seen * p) / (kStrength + seen);
}

double Classify(const std::vector<store::TokenCounts>& tokens, int64_t spam_messages,
                int64_t ham_messages) {
  std::vector<double> probs;
  probs.reserve(tokens.size());
  for (const store::TokenCounts& counts : tokens) {
    double p = TokenProbability(counts, spam_messages, ham_messages);
    if (std::abs(p - kUnknown) >= kMinDistance) probs.push_back(p);
  }
  if (probs.empty()) return kUnknown;
  if (probs.size() > kMaxDiscriminators) {
    std::partial_sort(
        probs.begin(), probs.begin() + kMaxDiscriminators, probs.end(),
        [](double a, double b) { return std::abs(a - kUnknown) > std::abs(b - kUnknown); });
    probs.resize(kMaxDiscriminators);
  }
  double log_ham = 0;   // sum of ln(p): near 0 when the tokens say spam
  double log_spam = 0;  // sum of ln(1 - p)
  for (double p : probs) {
    log_ham += std::log(std::max(p, kTiny));
    log_spam += std::log(std::max(1.0 - p, kTiny));
  }
  double hamminess = 1.0 - Chi2Q(-2.0 * log_ham, probs.size());
  double spamminess = 1.0 - Chi2Q(-2.0 * log_spam, probs.size());
  return std::clamp((1.0 + spamminess - hamminess) / 2.0, 0.0, 1.0);
}

}  // namespace quire::comments::spam
