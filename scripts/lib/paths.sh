# Shared locations for the project's scripts. Tools live outside the work tree so that every clone on
# this machine shares one install; state (.run/) is per clone and git-ignored.
BH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BH_TOOLS="${BUDGETHUB_TOOLS:-$HOME/.cache/budgethub}"
BH_KAFKA_LIBS="$BH_TOOLS/kafka-libs"
BH_VENV="$BH_TOOLS/venv"
BH_RUN="${BUDGETHUB_RUN:-$BH_ROOT/.run}"
export PATH="$BH_TOOLS/bin:$PATH"
