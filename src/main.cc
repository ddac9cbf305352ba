// quire: flags -> command -> app::Engine. Everything is wired in src/app.
#include "app/cli.h"

int main(int argc, char** argv) {
  return quire::app::RunCli(argc, argv);
}
