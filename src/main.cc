// quire: flags -> command -> app::Engine. Everything is wired in src/app.
#include "app/cli.h"
#include "http/fd_limit.h"

int main(int argc, char** argv) {
  // Every connection, database file and upload takes a descriptor: use all the system allows
  // (the server caps its connections below it, http/fd_limit.h).
  quire::http::RaiseOpenFileLimit();
  return quire::app::RunCli(argc, argv);
}
