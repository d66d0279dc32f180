#!/usr/bin/env bash
# Runs the JMH benchmarks (see docs/benchmarks.md).
#
#   benchmarks/run.sh                      # the whole suite (about 20 minutes on 2 cores)
#   benchmarks/run.sh EmbeddingGrpc        # a subset: any JMH regexp over benchmark names
#   benchmarks/run.sh oneCaller -p batching=on -f 5
#   benchmarks/run.sh -l                   # list the benchmarks
#
# Builds benchmarks/target/benchmarks.jar first when it is missing or older than a source or pom it is
# built from (FORCE_BUILD=1 always rebuilds). Picks a JDK >= 21 with bin/jdk.sh, as bin/start does.
# Defaults suit a 2-core machine: -f 3 -wi 3 -w 2s -i 5 -r 3s; any of these given on the command line wins. Results go to benchmarks/results/<time>[-<filter>].json (JMH JSON) and .txt
# (the console output). Maven arguments can be added with MAVEN_ARGS (e.g. MAVEN_ARGS=-o for offline).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"

# --- a JDK >= 21, chosen as bin/start and bin/test choose it ---------------------------------------------
# shellcheck source=../bin/jdk.sh
source "$root/bin/jdk.sh"
upskill_select_jdk
java="$JAVA_HOME/bin/java"

# --- build when needed ---------------------------------------------------------------------------------
needs_build() {
    [[ "${FORCE_BUILD:-0}" == 1 || ! -f "$jar" ]] && return 0
    local newer
    newer="$(find "$root/pom.xml" "$root"/{proto,inference-server,clients,benchmarks}/pom.xml \
        "$root"/{proto,inference-server,clients,benchmarks}/src/main \
        -newer "$jar" -type f -print -quit 2>/dev/null || true)"
    [[ -n "$newer" ]]
}

if needs_build; then
    mvn_cmd=("$root/mvnw")
    echo "run.sh: building $jar with $JAVA_HOME" >&2
    # Tests are not compiled: the jar needs main code only.
    (cd "$root" && "${mvn_cmd[@]}" -B -q -pl benchmarks -am package -Dmaven.test.skip=true)
fi

# --- run ------------------------------------------------------------------------------------------------
# The forks inherit these flags. DJL's JNA needs native access; JMH 1.37 uses sun.misc.Unsafe, which JDK 23+
# warns about unless allowed (JDK 21 does not know the flag).
jvm=(--enable-native-access=ALL-UNNAMED)
if "$java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    jvm+=(--sun-misc-unsafe-memory-access=allow)
fi

# Informational commands (list, help) get no defaults and write no results.
for arg in "$@"; do
    case "$arg" in
        -l|-lp|-lprof|-lrf|-h|--help) exec "$java" "${jvm[@]}" -jar "$jar" "$@" ;;
    esac
done

defaults=(-f 3 -wi 3 -w 2s -i 5 -r 3s)
given=" $* "
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
    if [[ "$given" != *" ${defaults[i]} "* ]]; then
        args+=("${defaults[i]}" "${defaults[i + 1]}")
    fi
done

# Name the results after the time and the benchmark filters (arguments that are not options or their values).
filters=()
skip_next=0
for arg in "$@"; do
    if ((skip_next)); then skip_next=0; continue; fi
    case "$arg" in
        -*) skip_next=1 ;;  # every JMH option used here takes one value
        *) filters+=("$arg") ;;
    esac
done
name="$(date +%Y%m%d-%H%M%S)"
if ((${#filters[@]})); then
    name="$name-$(printf '%s-' "${filters[@]}" | tr -c 'A-Za-z0-9_.-' '_' | cut -c1-60)"
    name="${name%-}"
fi
mkdir -p "$here/results"
if [[ "$given" != *" -rf "* && "$given" != *" -rff "* ]]; then
    args+=(-rf json -rff "$here/results/$name.json")
fi

echo "run.sh: $("$java" -version 2>&1 | head -1) at $JAVA_HOME" >&2
echo "run.sh: java -jar $jar ${args[*]} $*" >&2
"$java" "${jvm[@]}" -jar "$jar" "${args[@]}" "$@" 2>&1 | tee "$here/results/$name.txt"
exit "${PIPESTATUS[0]}"
