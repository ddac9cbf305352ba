// `quire privacy export --data DIR EMAIL`: everything stored about an email address, as JSON
// on stdout. `quire privacy erase --data DIR EMAIL [--delete]`: WordPress's anonymisation of
// that person's comments (or, with --delete, their deletion), subscriptions and queued mail.
#pragma once

#include <CLI/CLI.hpp>

namespace quire::app {

void AddPrivacyCommands(CLI::App& app);

}  // namespace quire::app
