"""How the wrapper connects: the API key on every call, TLS with a given CA, and option errors, against a small
local gRPC server that records what arrives (the Upskill servers do not check keys yet)."""

import subprocess
from concurrent import futures

import grpc
import pytest

from upskill.v1 import journey_pb2, journey_pb2_grpc
from upskill_client import Journey


class _Recorder(journey_pb2_grpc.JourneyServiceServicer):
    def __init__(self):
        self.authorizations = []

    def GetJourney(self, request, context):
        self.authorizations.append(dict(context.invocation_metadata()).get("authorization", ""))
        return journey_pb2.GetJourneyResponse(employee_id=request.employee_id)


@pytest.fixture
def recorder():
    return _Recorder()


def _serve(recorder, port_binder):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    journey_pb2_grpc.add_JourneyServiceServicer_to_server(recorder, server)
    port = port_binder(server)
    server.start()
    return server, port


def test_api_key_travels_with_every_call(recorder):
    server, port = _serve(recorder, lambda s: s.add_insecure_port("127.0.0.1:0"))
    try:
        with Journey(f"127.0.0.1:{port}", api_key="k-123") as journeys:
            assert journeys.journey("acme", "e-1").employee_id == "e-1"
            journeys.journey("acme", "e-2")
        with Journey(f"127.0.0.1:{port}") as journeys:
            journeys.journey("acme", "e-3")
    finally:
        server.stop(None)
    assert recorder.authorizations == ["Bearer k-123", "Bearer k-123", ""]


def test_tls_with_the_servers_ca(recorder, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    credentials = grpc.ssl_server_credentials([(key.read_bytes(), cert.read_bytes())])
    server, port = _serve(recorder, lambda s: s.add_secure_port("localhost:0", credentials))
    try:
        with Journey(f"localhost:{port}", tls_ca=cert, api_key="k-tls") as journeys:
            assert journeys.journey("acme", "e-1").employee_id == "e-1"
    finally:
        server.stop(None)
    assert recorder.authorizations == ["Bearer k-tls"]


def test_a_bad_api_key_is_refused_before_any_call():
    with pytest.raises(ValueError, match="api_key must be printable ASCII without spaces"):
        Journey("127.0.0.1:1", api_key="two words")
