"""Starts the real inference server from the built jar (as bin/start --inference-only does) for the session, and
for the journey tests the real journey engine with the demo company (as bin/start does), pointed at that server.

The jars are inference-server/target/upskill-inference-server.jar and journey-engine/target/upskill-journey-engine-*.jar
(bin/test or bin/start builds them), or the ones named by UPSKILL_SERVER_JAR and UPSKILL_ENGINE_JAR;
UPSKILL_TEST_ADDRESS=host:port and UPSKILL_TEST_JOURNEY_ADDRESS=host:port use already running servers instead (the
inference server's tenants are left with the tests' data; the engine must have bin/start's demo company). Each
started server gets free ports, no metrics port, and its data in a temporary directory (the engine: its embedded
PostgreSQL); the fixtures wait until grpc.health.v1 reports SERVING (the engine: until the demo company is loaded).
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

from upskill_client import Inference, Journey

ROOT = Path(__file__).resolve().parents[3]
JAR = Path(os.environ.get("UPSKILL_SERVER_JAR", ROOT / "inference-server/target/upskill-inference-server.jar"))
ENGINE_JAR = Path(os.environ.get("UPSKILL_ENGINE_JAR") or next(
    (p for p in sorted((ROOT / "journey-engine/target").glob("upskill-journey-engine-*.jar"))
     if not p.name.endswith("-plain.jar")), ROOT / "journey-engine/target/upskill-journey-engine-<version>.jar"))
START_SECONDS = 180
# The engine is ready once its demo journeys stand where the demo wants them; on a busy machine a step may need its
# retries (DemoCompany gives each stage 3 minutes before it logs a warning and goes on).
ENGINE_START_SECONDS = 600
DEMO_READY = b"demo company ready"  # the engine's log line once DemoCompany has loaded (and bin/start waits for)


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
    server, log_path = _start(command, work, "server.log", {**os.environ, "UPSKILL_LOG_DIR": str(work / "logs")})
    address = f"127.0.0.1:{port}"
    try:
        with grpc.insecure_channel(address) as channel:
            _await(lambda: _serving(channel), server, log_path, "the server", "was not SERVING")
        yield address
    finally:
        _stop(server)


def _start(command: list[str], work: Path, log_name: str, env: dict[str, str] | None = None
           ) -> tuple[subprocess.Popen, Path]:
    """Starts ``command`` in ``work`` with its output in ``work/log_name``; returns the process and the log."""
    log_path = work / log_name
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=work, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                   env=env)
    return process, log_path


def _await(ready, process: subprocess.Popen, log_path: Path, what: str, failure: str,
           seconds: float = START_SECONDS) -> None:
    """Polls ``ready()`` until it holds; fails the session when ``what`` exits or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while not ready():
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}; its log:\n{log_path.read_text()[-4000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what} {failure} after {seconds:.0f} s; log: {log_path}")
        time.sleep(0.5)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def journey_address(address, tmp_path_factory) -> str:
    if os.environ.get("UPSKILL_TEST_JOURNEY_ADDRESS"):
        yield os.environ["UPSKILL_TEST_JOURNEY_ADDRESS"]
        return
    if not ENGINE_JAR.is_file():
        pytest.fail(f"no journey engine jar at {ENGINE_JAR}: build it first (bin/test or bin/start)")
    work = tmp_path_factory.mktemp("engine")
    grpc_port = _free_port()
    command = [_java(), "--enable-native-access=ALL-UNNAMED", "-jar", str(ENGINE_JAR),
               f"--server.port={_free_port()}", f"--upskill.journey.grpc-port={grpc_port}",
               f"--upskill.journey.data-dir={work / 'postgres'}", "--upskill.journey.demo=true",
               f"--upskill.journey.inference.addresses={address}"]
    engine, log_path = _start(command, work, "engine.log")
    try:
        _await(lambda: DEMO_READY in log_path.read_bytes(), engine, log_path, "the journey engine",
               "had not loaded the demo company", ENGINE_START_SECONDS)
        yield f"127.0.0.1:{grpc_port}"
    finally:
        _stop(engine)


@pytest.fixture
def api(address) -> Inference:
    with Inference(address, timeout=30) as client:
        yield client


@pytest.fixture
def journeys(journey_address) -> Journey:
    with Journey(journey_address, timeout=30) as client:
        yield client
