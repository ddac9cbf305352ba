// `quire import wxr --data DIR FILE [--dry-run] [--authors create|map] [--uploads DIR]`: a
// WordPress export into the site, all or nothing, with a progress bar on a terminal and a
// summary at the end. `quire export wxr --data DIR [--out FILE]`: the site as WXR 1.2 (it holds
// commenters' email and IP addresses: administrators only). See docs/wxr-mapping.md.
#pragma once

#include <CLI/CLI.hpp>

namespace quire::app {

void AddWxrCommands(CLI::App& app);

}  // namespace quire::app
