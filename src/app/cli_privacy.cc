#include "app/cli_privacy.h"

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "app/engine.h"
#include "privacy/personal_data.h"
#include "util/strings.h"

namespace quire::app {
namespace {

// A command's failure: RunCli prints "quire: MESSAGE" and exits 1.
[[noreturn]] void Die(const std::string& message) {
  throw std::runtime_error(message);
}

std::unique_ptr<Engine> OpenEngine(const std::string& data_dir) {
  auto engine = Engine::Open(data_dir);
  if (!engine) Die(engine.error().message);
  return std::move(*engine);
}

struct PrivacyArgs {
  std::string data_dir = "./quire-data";
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
  cmd->add_option("--data", args->data_dir, "Data folder")->capture_default_str();
  cmd->add_option("EMAIL", args->email, "The person's email address")->required();
  cmd->callback([args] {
    std::string email = CheckedEmail(args->email);
    auto engine = OpenEngine(args->data_dir);
    auto data =
        privacy::ExportPersonalData(engine->store(), email, engine->settings(), engine->HomeUrl());
    if (!data) Die(data.error().message);
    std::printf("%s\n", data->dump(2).c_str());
  });
}

void AddErase(CLI::App& privacy) {
  auto args = std::make_shared<PrivacyArgs>();
  auto* cmd = privacy.add_subcommand(
      "erase", "Anonymise EMAIL's comments (or delete them) and forget their subscriptions");
  cmd->add_option("--data", args->data_dir, "Data folder")->capture_default_str();
  cmd->add_option("EMAIL", args->email, "The person's email address")->required();
  cmd->add_flag("--delete", args->delete_comments,
                "Delete the comments (replies move up) instead of anonymising them");
  cmd->callback([args] {
    std::string email = CheckedEmail(args->email);
    auto engine = OpenEngine(args->data_dir);
    auto erased = privacy::ErasePersonalData(engine->store(), email, args->delete_comments);
    if (!erased) Die(erased.error().message);
    std::printf("%s %d comment%s, deleted %d subscription%s and %d email%s of %s.\n",
                args->delete_comments ? "Deleted" : "Anonymised", erased->comments,
                erased->comments == 1 ? "" : "s", erased->subscriptions,
                erased->subscriptions == 1 ? "" : "s", erased->emails,
                erased->emails == 1 ? "" : "s", email.c_str());
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
