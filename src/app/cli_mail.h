// `quire mail test --data DIR TO`: send one message now, through the same SMTP code the outbox
// worker uses, and print the outcome in one line. `quire mail outbox --data DIR`: list the
// outbox (newest first): ID<TAB>STATE<TAB>ATTEMPTS<TAB>KIND<TAB>TO<TAB>LAST_ERROR.
#pragma once

#include <CLI/CLI.hpp>

namespace quire::app {

void AddMailCommands(CLI::App& app);

}  // namespace quire::app
