#include "app/cli_privacy.h"

#include <cstdio>
#include <memory>
#include <string>

#include "app/cli_support.h"
#include "app/engine.h"
#include "privacy/personal_data.h"
#include "util/strings.h"

namespace quire::app {
namespace {

struct PrivacyArgs {
  std::string data_dir{kDefaultDataDir};
  std::string email;
  bool delete_comments = false;
};

std::string CheckedEmail(const std::string& email) {
  std::string trimmed(util::Trim(email));
  if (trimmed.empty() || trimmed.find('@') == std::string::npos) {
    Die("'" + email + "' is not an email address");
  }
  return trimmed;
}

void AddExport(CLI::App& privacy) {
  auto args = std::make_shared<PrivacyArgs>();
  auto* cmd = privacy.add_subcommand("export", "Print everything stored about EMAIL as JSON");
  AddDataOption(*cmd, args->data_dir);
  cmd->add_option("EMAIL", args->email, "The person's email address")->required();
  cmd->callback([args] {
    std::string email = CheckedEmail(args->email);
    auto engine = OpenEngine(args->data_dir);
    auto data = Check(
        privacy::ExportPersonalData(engine->store(), email, engine->settings(), engine->HomeUrl()));
    std::printf("%s\n", data.dump(2).c_str());
  });
}

void AddErase(CLI::App& privacy) {
  auto args = std::make_shared<PrivacyArgs>();
  auto* cmd = privacy.add_subcommand(
      "erase", "Anonymise EMAIL's comments (or delete them) and forget their subscriptions");
  AddDataOption(*cmd, args->data_dir);
  cmd->add_option("EMAIL", args->email, "The person's email address")->required();
  cmd->add_flag("--delete", args->delete_comments,
                "Delete the comments (replies move up) instead of anonymising them");
  cmd->callback([args] {
    std::string email = CheckedEmail(args->email);
    auto engine = OpenEngine(args->data_dir);
    auto erased = Check(privacy::ErasePersonalData(engine->store(), email, args->delete_comments));
    std::printf("%s %d comment%s, deleted %d subscription%s and %d email%s of %s.\n",
                args->delete_comments ? "Deleted" : "Anonymised", erased.comments,
                erased.comments == 1 ? "" : "s", erased.subscriptions,
                erased.subscriptions == 1 ? "" : "s", erased.emails, erased.emails == 1 ? "" : "s",
                email.c_str());
  });
}

}  // namespace

void AddPrivacyCommands(CLI::App& app) {
  auto* privacy = app.add_subcommand("privacy", "Personal data: export or erase by email");
  privacy->require_subcommand(1);
  AddExport(*privacy);
  AddErase(*privacy);
}

}  // namespace quire::app
