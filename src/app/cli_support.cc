#include "app/cli_support.h"

namespace quire::app {

void Die(std::string message) {
  throw CommandError{std::move(message)};
}

void Check(Status status) {
  if (!status) Die(status.error().message);
}

CLI::Option* AddDataOption(CLI::App& cmd, std::string& data_dir) {
  return cmd.add_option("--data", data_dir, "Data folder")->capture_default_str();
}

std::unique_ptr<Engine> OpenEngine(const std::string& data_dir, OpenMode mode) {
  return Check(Engine::Open(data_dir, mode));
}

}  // namespace quire::app
