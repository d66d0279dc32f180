#!/usr/bin/env bash
# shellcheck shell=bash
# Shared Milvus Lite set-up for bin/milvus-lite and .ci/run (Milvus Lite: a Python server speaking Milvus's
# gRPC API, which the Milvus catalog backend's tests run against). Source it, then:
#
#   upskill_milvus_lite_install          # sets UPSKILL_MILVUS_LITE to the milvus-lite executable
#   upskill_milvus_lite_free_port        # prints a free TCP port on 127.0.0.1
#   upskill_milvus_lite_wait PORT PID LOG [SECONDS]
#                                        # waits until 127.0.0.1:PORT answers and LOG says PID listens there;
#                                        # fails, printing LOG, when PID exits or SECONDS (default 60) pass
#
# The install is a Python virtual environment under ${TMPDIR:-/tmp}, reused while it holds the pinned versions
# (pymilvus is needed though milvus-lite does not declare it). It needs python3 (3.10+) and PyPI the first time.

UPSKILL_MILVUS_LITE_VERSION=3.2.2
UPSKILL_PYMILVUS_VERSION=3.0.2

upskill_milvus_lite_install() {
    local python venv lock
    python=$(command -v python3 2>/dev/null) || {
        echo "Milvus Lite needs python3 (3.10 or newer) on PATH; none found" >&2
        return 1
    }
    if ! "$python" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
        echo "Milvus Lite needs Python 3.10+ with the venv module; $python is $("$python" -V 2>&1)" >&2
        return 1
    fi
    venv=${TMPDIR:-/tmp}/upskill-milvus-lite-$UPSKILL_MILVUS_LITE_VERSION-$("$python" -c \
        'import sys; print("py%d.%d" % sys.version_info[:2])')
    lock=$venv.lock
    (
        # One install at a time per venv (two CI runs on one machine share it).
        if command -v flock >/dev/null; then
            exec 9>"$lock"
            flock 9
        fi
        if [[ ! -x $venv/bin/python ]]; then
            echo "creating a Python virtual environment for Milvus Lite in $venv" >&2
            rm -rf "$venv"
            "$python" -m venv "$venv" || exit 1
        fi
        if ! "$venv/bin/python" - "$UPSKILL_MILVUS_LITE_VERSION" "$UPSKILL_PYMILVUS_VERSION" 2>/dev/null <<'EOF'
import importlib.metadata as m, sys
sys.exit(m.version("milvus-lite") != sys.argv[1] or m.version("pymilvus") != sys.argv[2])
EOF
        then
            echo "installing milvus-lite==$UPSKILL_MILVUS_LITE_VERSION pymilvus==$UPSKILL_PYMILVUS_VERSION" \
                "into $venv" >&2
            "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
                "milvus-lite==$UPSKILL_MILVUS_LITE_VERSION" "pymilvus==$UPSKILL_PYMILVUS_VERSION" || exit 1
        fi
    ) || {
        echo "installing Milvus Lite into $venv failed (see pip's messages above)" >&2
        return 1
    }
    UPSKILL_MILVUS_LITE=$venv/bin/milvus-lite
    [[ -x $UPSKILL_MILVUS_LITE ]] || {
        echo "$UPSKILL_MILVUS_LITE is missing after the install" >&2
        return 1
    }
}

# Milvus Lite binds with SO_REUSEPORT: started on a port another server holds, it does not fail but shares the
# port, and connections go to either. Hence a port found free just before the start.
upskill_milvus_lite_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

upskill_milvus_lite_wait() {
    local port=$1 pid=$2 log=$3 seconds=${4:-60} waited=0
    # bash's /dev/tcp: the connect succeeds once the server listens.
    until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "Milvus Lite (pid $pid) exited before answering on 127.0.0.1:$port; its log ($log):" >&2
            sed 's/^/    /' "$log" >&2
            return 1
        fi
        if ((waited >= seconds * 5)); then
            echo "Milvus Lite (pid $pid) did not answer on 127.0.0.1:$port within $seconds s; its log ($log):" >&2
            sed 's/^/    /' "$log" >&2
            return 1
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
    # And the server is ours, alive and listening (the port could answer for another process a moment too early).
    until grep -q "listening on 127.0.0.1:$port" "$log" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null || ((waited >= seconds * 5)); then
            echo "127.0.0.1:$port answers, but Milvus Lite (pid $pid) did not say it listens there; its log ($log):" >&2
            sed 's/^/    /' "$log" >&2
            return 1
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
}
