#!/usr/bin/env bash
# shellcheck shell=bash
# Shared JDK selection for bin/start, bin/test and .ci/run. Source it, then call upskill_select_jdk:
#
#   source bin/jdk.sh && upskill_select_jdk
#
# upskill_select_jdk exports JAVA_HOME (and puts $JAVA_HOME/bin first on PATH) for the first JDK of version 21
# or newer among, in this order:
#   1. $JAVA_HOME, if set;
#   2. the `java` on PATH;
#   3. the newest JDK under /usr/lib/jvm/.
# A JDK is a directory with bin/java and bin/javac (a JRE cannot compile the build). If none qualifies it
# prints what it found and exits 1. Run this file directly (bin/jdk.sh) to see which JDK would be used.

UPSKILL_MIN_JAVA=21

# _upskill_probe JAVA_BIN: runs JAVA_BIN once and sets
#   _upskill_version  the quoted version string of `java -version` ("17.0.15", "25", "21-ea", "1.8.0_392")
#   _upskill_major    its feature number (17, 25, 21, 8)
#   _upskill_home     the java.home it reports
# Returns 1 (with the variables empty) if JAVA_BIN does not run or prints no version.
_upskill_probe() {
    local java_bin=$1 out line rest
    _upskill_version='' _upskill_major='' _upskill_home=''
    [[ -x $java_bin && ! -d $java_bin ]] || return 1
    # -XshowSettings:properties prints java.home (and then the usual -version banner) to stderr.
    out=$("$java_bin" -XshowSettings:properties -version 2>&1 </dev/null) || return 1
    while IFS= read -r line; do
        case $line in
            *' version "'*)
                if [[ -z $_upskill_version ]]; then
                    rest=${line#*version \"}
                    _upskill_version=${rest%%\"*}
                fi
                ;;
            *'java.home = '*)
                _upskill_home=${line#*java.home = }
                ;;
        esac
    done <<<"$out"
    local v=$_upskill_version
    [[ $v == 1.* ]] && v=${v#1.}          # 1.8.0_392 -> 8.0_392
    v=${v%%[!0-9]*}                         # 17.0.15 -> 17, 21-ea -> 21, 25 -> 25
    if [[ -z $v ]]; then
        _upskill_version='' _upskill_home=''
        return 1
    fi
    _upskill_major=$((10#$v))
    # A JDK 8 reports .../jre as java.home; the JDK is its parent. Irrelevant for >= 21 but keeps it honest.
    [[ $_upskill_home == */jre && -x ${_upskill_home%/jre}/bin/javac ]] && _upskill_home=${_upskill_home%/jre}
    return 0
}

# _upskill_newer A B: true if version string A is newer than B, comparing their numbers in order
# ("21.0.10" > "21.0.2" > "21-ea" = "21"). Pure bash: no sort -V (missing on macOS).
_upskill_newer() {
    local -a a b
    local i x y
    read -r -a a <<<"${1//[!0-9]/ }"
    read -r -a b <<<"${2//[!0-9]/ }"
    for ((i = 0; i < ${#a[@]} || i < ${#b[@]}; i++)); do
        x=$((10#${a[i]:-0})) y=$((10#${b[i]:-0}))
        ((x > y)) && return 0
        ((x < y)) && return 1
    done
    return 1
}

# _upskill_accept HOME DESCRIPTION: probes HOME/bin/java; on success (a JDK >= 21) sets _upskill_home.
# Otherwise appends a line to _upskill_found for the error message and returns 1.
_upskill_accept() {
    local home=${1%/} what=$2
    if ! _upskill_probe "$home/bin/java"; then
        _upskill_found+="  $what: $home (no working bin/java)"$'\n'
        return 1
    fi
    if ((_upskill_major < UPSKILL_MIN_JAVA)); then
        _upskill_found+="  $what: $home (Java $_upskill_version)"$'\n'
        return 1
    fi
    if [[ ! -x $home/bin/javac ]]; then
        _upskill_found+="  $what: $home (Java $_upskill_version, but a JRE: no bin/javac)"$'\n'
        return 1
    fi
    _upskill_home=$home
    return 0
}

upskill_select_jdk() {
    local chosen='' source='' skipped='' path_java candidate best='' best_major=-1 best_version=''
    _upskill_found=''

    # 1. JAVA_HOME
    if [[ -n ${JAVA_HOME-} ]]; then
        if _upskill_accept "$JAVA_HOME" 'JAVA_HOME'; then
            chosen=$_upskill_home source='JAVA_HOME'
        else
            skipped=${_upskill_found%$'\n'}
            skipped=${skipped#  JAVA_HOME: }
        fi
    fi

    # 2. java on PATH (resolved to its real home through the java.home it reports)
    if [[ -z $chosen ]] && path_java=$(command -v java 2>/dev/null) && [[ -n $path_java ]]; then
        if _upskill_probe "$path_java" && [[ -n $_upskill_home ]]; then
            if _upskill_accept "$_upskill_home" "java on PATH ($path_java)"; then
                chosen=$_upskill_home source='PATH'
            fi
        else
            _upskill_found+="  java on PATH: $path_java (does not report a version)"$'\n'
        fi
    fi

    # 3. the newest JDK under /usr/lib/jvm (highest feature version; ties broken by the full version)
    if [[ -z $chosen ]]; then
        for candidate in /usr/lib/jvm/*/; do
            candidate=${candidate%/}
            [[ -x $candidate/bin/java ]] || continue
            _upskill_accept "$candidate" '/usr/lib/jvm' || continue
            if ((_upskill_major > best_major)) || {
                ((_upskill_major == best_major)) && _upskill_newer "$_upskill_version" "$best_version"
            }; then
                best=$candidate best_major=$_upskill_major best_version=$_upskill_version
            fi
        done
        if [[ -n $best ]]; then
            chosen=$best source='/usr/lib/jvm'
        fi
    fi

    if [[ -z $chosen ]]; then
        {
            echo "Upskill needs JDK ${UPSKILL_MIN_JAVA} or newer; found:"
            if [[ -n $_upskill_found ]]; then
                printf '%s' "$_upskill_found"
            else
                echo "  no JDK (JAVA_HOME unset, no java on PATH, nothing in /usr/lib/jvm)"
            fi
            echo "Install a JDK ${UPSKILL_MIN_JAVA}+ (e.g. Temurin from https://adoptium.net) and set JAVA_HOME to it."
        } >&2
        exit 1
    fi

    if [[ $source != JAVA_HOME ]]; then
        _upskill_probe "$chosen/bin/java" || :
        echo "Using JDK $_upskill_version at $chosen (from $source${skipped:+; skipped JAVA_HOME=$skipped})" >&2
    fi
    export JAVA_HOME=$chosen
    export PATH="$JAVA_HOME/bin:$PATH"
}

# Run directly: print the JDK that the scripts would use.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    upskill_select_jdk
    echo "JAVA_HOME=$JAVA_HOME"
    "$JAVA_HOME/bin/java" -version
fi
