// Thin on purpose: everything is in src/app (command line) and the modules it wires.
#include "app/cli.h"

int main(int argc, char** argv) {
    return bh::app::run_cli(argc, argv);
}
