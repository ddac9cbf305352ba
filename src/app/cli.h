// The command line: `quire serve|post|user|comment|settings ...` (CLI11). Every command has
// --help; an error is one line on stderr ("quire: ...") and a non-zero exit.
#pragma once

namespace quire::app {

int RunCli(int argc, char** argv);

}  // namespace quire::app
