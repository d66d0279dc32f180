"""Starts the real inference server from the built jar (as bin/start --inference-only does) for the session.

The jar is inference-server/target/upskill-inference-server.jar (bin/test or bin/start builds it), or the one named
by UPSKILL_SERVER_JAR; UPSKILL_TEST_ADDRESS=host:port uses an already running server instead (its tenants are
left with the tests' data). The server gets a free port, no metrics port, and its catalog, ranking and assignment
folders in a temporary directory; the fixture waits until grpc.health.v1 reports SERVING.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import grpc
import pytest

from upskill_client import Inference

ROOT = Path(__file__).resolve().parents[3]
JAR = Path(os.environ.get("UPSKILL_SERVER_JAR", ROOT / "inference-server/target/upskill-inference-server.jar"))
START_SECONDS = 180


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    return str(Path(home) / "bin/java") if home else (shutil.which("java") or "java")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serving(channel: grpc.Channel) -> bool:
    # grpc.health.v1.Health/Check with service "" (an empty message); the answer's field 1 is the status,
    # SERVING = 1, encoded as the bytes 08 01. Raw bytes keep grpcio-health-checking out of the dependencies.
    # wait_for_ready: while the port is still closed the channel backs off between connection attempts, and a
    # plain call would fail at once until the backoff ends (up to minutes).
    check = channel.unary_unary("/grpc.health.v1.Health/Check")
    try:
        return check(b"", timeout=2, wait_for_ready=True) == b"\x08\x01"
    except grpc.RpcError:
        return False


@pytest.fixture(scope="session")
def address(tmp_path_factory) -> str:
    if os.environ.get("UPSKILL_TEST_ADDRESS"):
        yield os.environ["UPSKILL_TEST_ADDRESS"]
        return
    if not JAR.is_file():
        pytest.fail(f"no server jar at {JAR}: build it first (bin/test, or bin/start --inference-only --help)")
    work = tmp_path_factory.mktemp("server")
    port = _free_port()
    command = [_java(), "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
               "-jar", str(JAR), "--port", str(port), "--metrics.port", "-1",
               "--catalog.dir", str(work / "catalog"), "--catalog.demo", "false",
               "--ranking.dir", str(work / "ranking"), "--assignment.dir", str(work / "assignment"),
               "--assignment.training-dir", str(work / "training"), "--assignment.sample-rows", "500"]
    log_path = work / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=work, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                  env={**os.environ, "UPSKILL_LOG_DIR": str(work / "logs")})
    address = f"127.0.0.1:{port}"
    try:
        with grpc.insecure_channel(address) as channel:
            deadline = time.monotonic() + START_SECONDS
            while not _serving(channel):
                if server.poll() is not None:
                    pytest.fail(f"the server exited with {server.returncode}; its log:\n{log_path.read_text()[-4000:]}")
                if time.monotonic() > deadline:
                    pytest.fail(f"the server was not SERVING after {START_SECONDS} s; log: {log_path}")
                time.sleep(0.5)
        yield address
    finally:
        server.terminate()
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def api(address) -> Inference:
    with Inference(address, timeout=30) as client:
        yield client
