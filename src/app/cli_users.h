// `quire user add|list|passwd|remove --data DIR …`: user accounts from the command line.
#pragma once

#include <CLI/CLI.hpp>

namespace quire::app {

// Adds the `user` command group to the CLI.
void AddUserCommands(CLI::App& app);

}  // namespace quire::app
