// The spam defence's commands:
//   quire ban add --data DIR (--email E | --ip A | --range CIDR) [--days N] [--reason R]
//   quire ban list --data DIR      ID<TAB>KIND<TAB>VALUE<TAB>EXPIRES<TAB>BY<TAB>REASON
//   quire ban remove --data DIR ID
//   quire spam stats --data DIR    what the learning filter has learnt
//   quire spam train --data DIR ID (--spam | --ham)   teach it one comment
#pragma once

#include <CLI/CLI.hpp>

namespace quire::app {

void AddSpamCommands(CLI::App& app);

}  // namespace quire::app
