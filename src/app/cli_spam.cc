#include "app/cli_spam.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "app/cli_support.h"
#include "app/engine.h"
#include "comments/spam/address.h"
#include "comments/spam/classifier.h"
#include "comments/spam/filter.h"
#include "comments/submission.h"
#include "store/spam.h"
#include "util/clock.h"
#include "util/strings.h"

namespace quire::app {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

std::string WhoAmI() {
  const char* user = std::getenv("USER");
  return user && *user ? "command line (" + std::string(user) + ")" : "command line";
}

// --- ban -------------------------------------------------------------------------------------

struct BanAddArgs {
  std::string data_dir{kDefaultDataDir};
  std::string email, ip, range, reason;
  int days = 0;
};

// The ban the options describe, its value in canonical form.
store::Ban BanFrom(const BanAddArgs& args) {
  store::Ban ban;
  if (!args.email.empty()) {
    if (!comments::IsEmail(util::Trim(args.email))) Die("'" + args.email + "' is not an email");
    ban.kind = store::BanKind::kEmail;
    ban.value = util::ToLower(util::Trim(args.email));
  } else if (!args.ip.empty()) {
    auto address = comments::spam::ParseIp(args.ip);
    if (!address) Die("'" + args.ip + "' is not an IPv4 or IPv6 address");
    ban.kind = store::BanKind::kIp;
    ban.value = comments::spam::ToString(*address);
  } else {
    auto range = comments::spam::ParseRange(args.range);
    if (!range) Die("'" + args.range + "' is not a range such as 203.0.113.0/24 or 2001:db8::/32");
    ban.kind = store::BanKind::kRange;
    ban.value = comments::spam::ToString(*range);
  }
  ban.reason = args.reason;
  ban.created_by = WhoAmI();
  return ban;
}

void AddBanAdd(CLI::App& ban) {
  auto args = std::make_shared<BanAddArgs>();
  auto* cmd = ban.add_subcommand("add", "Ban an email, an address or a range from commenting");
  AddDataOption(*cmd, args->data_dir);
  auto* email = cmd->add_option("--email", args->email, "An email address");
  auto* ip = cmd->add_option("--ip", args->ip, "An IPv4 or IPv6 address");
  auto* range = cmd->add_option("--range", args->range, "A CIDR range, e.g. 203.0.113.0/24");
  email->excludes(ip)->excludes(range);
  ip->excludes(range);
  cmd->add_option("--days", args->days, "Lift the ban after this many days (default: never)")
      ->check(CLI::Range(1, 36500));
  cmd->add_option("--reason", args->reason, "Why (shown in ban list)");
  cmd->callback([args] {
    if (args->email.empty() && args->ip.empty() && args->range.empty()) {
      Die("give one of --email, --ip or --range");
    }
    store::Ban ban = BanFrom(*args);
    auto engine = OpenEngine(args->data_dir);
    ban.created_at = engine->clock().Now();
    if (args->days > 0) ban.expires_at = ban.created_at + args->days * kSecondsPerDay;
    Check(engine->store().WriteSync([&](store::Transaction& tx) -> Status {
      auto id = store::InsertBan(tx, ban);
      if (!id) return std::unexpected(id.error());
      ban.id = *id;
      return {};
    }));
    std::printf("Ban %lld: %s %s%s.\n", static_cast<long long>(ban.id),
                std::string(store::ToString(ban.kind)).c_str(), ban.value.c_str(),
                ban.expires_at ? (" until " + util::FormatIso8601(*ban.expires_at)).c_str()
                               : ", never expires");
  });
}

void AddBanList(CLI::App& ban) {
  auto data_dir = std::make_shared<std::string>(kDefaultDataDir);
  auto* cmd = ban.add_subcommand(
      "list", "List bans, newest first: ID<TAB>KIND<TAB>VALUE<TAB>EXPIRES<TAB>BY<TAB>REASON");
  AddDataOption(*cmd, *data_dir);
  cmd->callback([data_dir] {
    auto engine = OpenEngine(*data_dir);
    int64_t now = engine->clock().Now();
    for (const store::Ban& b : Check(store::ListBans(engine->store()))) {
      std::string expires = !b.expires_at     ? "never"
                            : b.ActiveAt(now) ? util::FormatIso8601(*b.expires_at)
                                              : "expired " + util::FormatIso8601(*b.expires_at);
      std::printf("%lld\t%s\t%s\t%s\t%s\t%s\n", static_cast<long long>(b.id),
                  std::string(store::ToString(b.kind)).c_str(), b.value.c_str(), expires.c_str(),
                  b.created_by.c_str(), b.reason.c_str());
    }
  });
}

void AddBanRemove(CLI::App& ban) {
  struct Args {
    std::string data_dir{kDefaultDataDir};
    int64_t id = 0;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = ban.add_subcommand("remove", "Lift a ban");
  AddDataOption(*cmd, args->data_dir);
  cmd->add_option("ID", args->id, "The ban's number (see ban list)")->required();
  cmd->callback([args] {
    auto engine = OpenEngine(args->data_dir);
    bool removed = false;
    Check(engine->store().WriteSync([&](store::Transaction& tx) -> Status {
      auto deleted = store::DeleteBan(tx, args->id);
      if (!deleted) return std::unexpected(deleted.error());
      removed = *deleted;
      return {};
    }));
    if (!removed) Die("no ban with id " + std::to_string(args->id));
    std::printf("Ban %lld removed.\n", static_cast<long long>(args->id));
  });
}

// --- spam ------------------------------------------------------------------------------------

void AddSpamStats(CLI::App& spam) {
  auto data_dir = std::make_shared<std::string>(kDefaultDataDir);
  auto* cmd = spam.add_subcommand("stats", "What the learning filter has learnt");
  AddDataOption(*cmd, *data_dir);
  cmd->callback([data_dir] {
    auto engine = OpenEngine(*data_dir);
    store::FilterCounts totals = Check(store::FilterTotals(engine->store()));
    bool trained = totals.spam_messages >= comments::spam::kMinTrainedEach &&
                   totals.ham_messages >= comments::spam::kMinTrainedEach;
    std::printf(
        "spam\t%lld\nham\t%lld\ntokens\t%lld\nstate\t%s\n",
        static_cast<long long>(totals.spam_messages), static_cast<long long>(totals.ham_messages),
        static_cast<long long>(totals.distinct_tokens),
        trained
            ? "trained"
            : ("untrained (needs " + std::to_string(comments::spam::kMinTrainedEach) + " of each)")
                  .c_str());
  });
}

void AddSpamTrain(CLI::App& spam) {
  struct Args {
    std::string data_dir{kDefaultDataDir};
    int64_t id = 0;
    bool is_spam = false, is_ham = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = spam.add_subcommand(
      "train", "Teach the filter one comment as spam or not spam (its status is unchanged)");
  AddDataOption(*cmd, args->data_dir);
  cmd->add_option("ID", args->id, "The comment's number")->required();
  auto* as_spam = cmd->add_flag("--spam", args->is_spam, "It is spam");
  auto* as_ham = cmd->add_flag("--ham", args->is_ham, "It is not spam");
  as_spam->excludes(as_ham);
  cmd->callback([args] {
    if (!args->is_spam && !args->is_ham) Die("give --spam or --ham");
    auto engine = OpenEngine(args->data_dir);
    Check(engine->store().WriteSync([&](store::Transaction& tx) -> Status {
      auto comment = tx.FindComment(args->id);
      if (!comment) return std::unexpected(comment.error());
      if (!*comment) {
        return Fail(ErrorKind::kNotFound, "no comment with id " + std::to_string(args->id));
      }
      return comments::spam::Train(tx, **comment, args->is_spam);
    }));
    std::printf("Comment %lld learnt as %s.\n", static_cast<long long>(args->id),
                args->is_spam ? "spam" : "not spam");
  });
}

}  // namespace

void AddSpamCommands(CLI::App& app) {
  auto* ban = app.add_subcommand("ban", "Ban an email, address or range from commenting");
  ban->require_subcommand(1);
  AddBanAdd(*ban);
  AddBanList(*ban);
  AddBanRemove(*ban);
  auto* spam = app.add_subcommand("spam", "The learning spam filter");
  spam->require_subcommand(1);
  AddSpamStats(*spam);
  AddSpamTrain(*spam);
}

}  // namespace quire::app
