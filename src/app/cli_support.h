// What every `quire` command shares: the default data folder, the --data option, and the one
// way a command fails. A failure is a CommandError: RunCli prints it as one line on stderr
// ("quire: MESSAGE") and exits 1. Only for code that runs inside RunCli's command callbacks.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "app/engine.h"
#include "util/status.h"

namespace quire::app {

// The data folder a command uses when --data is not given.
inline constexpr std::string_view kDefaultDataDir = "./quire-data";

// A command's failure, carrying the message RunCli prints after "quire: ".
struct CommandError {
  std::string message;
};

// Ends the command with `message` (throws CommandError).
[[noreturn]] void Die(std::string message);

// The value of `result`; dies with the error's message when there is none.
template <typename T>
T Check(Result<T> result) {
  if (!result) Die(result.error().message);
  return std::move(*result);
}

// Dies with the error's message when `status` failed.
void Check(Status status);

// Adds `--data DIR` ("Data folder", default shown) to `cmd`, stored in `data_dir`.
CLI::Option* AddDataOption(CLI::App& cmd, std::string& data_dir);

// The engine over the data folder; dies when it cannot be opened ("no Quire site at DIR" when
// there is none and `mode` is kExisting: only serve, import and init make a new site).
std::unique_ptr<Engine> OpenEngine(const std::string& data_dir,
                                   OpenMode mode = OpenMode::kExisting);

}  // namespace quire::app
