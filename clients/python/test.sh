#!/usr/bin/env bash
# Tests the Python client (clients/python): creates clients/python/.venv (git-ignored) when missing, installs the
# pinned dependencies (pyproject.toml, extra "dev") and the package itself (editable), checks that the committed
# stubs in src/upskill/v1 are what generate.sh makes from the current .proto files (a .proto change without
# regeneration fails here), then runs pytest, whose fixtures start the inference server from
# inference-server/target/upskill-inference-server.jar and, for the Journey tests, the journey engine with the demo
# company from journey-engine/target/upskill-journey-engine-*.jar (build them first: bin/test does). Extra arguments
# go to pytest. Needs Python 3.9+ with venv, and a JDK 21+ (bin/jdk.sh picks one, as for bin/test).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=$here/.venv
python=${PYTHON3:-python3}

# shellcheck source=../../bin/jdk.sh
source "$root/bin/jdk.sh"
upskill_select_jdk

if [[ ! -x $venv/bin/python ]]; then
    echo "== creating $venv"
    "$python" -m venv "$venv"
fi
echo "== installing the pinned dependencies"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$here[dev]"

echo "== checking that the generated stubs are current (clients/python/generate.sh)"
fresh=$(mktemp -d "${TMPDIR:-/tmp}/upskill-pystubs.XXXXXX")
trap 'rm -rf "$fresh"' EXIT
PYTHON=$venv/bin/python "$here/generate.sh" "$fresh"
if ! diff -r -x __pycache__ "$here/src/upskill" "$fresh/upskill"; then
    echo "clients/python/src/upskill is out of date with proto/src/main/proto: run clients/python/generate.sh" \
        "and commit the result" >&2
    exit 1
fi

echo "== pytest"
cd "$here"
"$venv/bin/python" -m pytest -q "$@"
