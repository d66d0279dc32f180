#!/usr/bin/env python3
"""The Python baseline the Java server is measured against: a grpcio server speaking the same
upskill.v1.EmbeddingService/Embed contract, one ONNX Runtime run per request (no batching), the quantized
all-MiniLM-L6-v2 with 2 intra-op threads. Point the JMH gRPC benchmark at it:

    pip install grpcio grpcio-tools onnxruntime tokenizers numpy
    python3 benchmarks/reference/grpc_reference_server.py --port 50051 &
    benchmarks/run.sh 'EmbeddingGrpcBenchmark.(oneCaller|callers16)$' -p batching=on -p address=127.0.0.1:50051

Stubs are generated from proto/ at start-up into a temporary directory, so the contract is the repository's.
"""
import argparse
import os
import sys
import tempfile
import time
from concurrent import futures

import grpc
import onnxruntime as ort
from grpc_tools import protoc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ort_reference import embedder, model_files  # noqa: E402  (the same model and embedding code)

PROTO_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "proto", "src", "main", "proto")


def generated_stubs():
    out = tempfile.mkdtemp(prefix="upskill-stubs-")
    for proto in ("upskill/v1/common.proto", "upskill/v1/embedding.proto"):
        if protoc.main(["protoc", f"-I{PROTO_ROOT}", f"--python_out={out}", f"--grpc_python_out={out}", proto]) != 0:
            raise SystemExit(f"protoc failed on {proto}")
    sys.path.insert(0, out)
    from upskill.v1 import embedding_pb2, embedding_pb2_grpc  # noqa: E402
    return embedding_pb2, embedding_pb2_grpc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=50051)
    parser.add_argument("--threads", type=int, default=2, help="ONNX Runtime intra-op threads")
    parser.add_argument("--workers", type=int, default=16, help="gRPC handler threads")
    args = parser.parse_args()

    embedding_pb2, embedding_pb2_grpc = generated_stubs()
    weights, tokenizer_json = model_files()
    embed = embedder(tokenizer_json)
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(weights, options, providers=["CPUExecutionProvider"])

    class Embedding(embedding_pb2_grpc.EmbeddingServiceServicer):
        def Embed(self, request, context):
            start = time.perf_counter()
            vectors, token_counts = embed(session, list(request.texts))
            response = embedding_pb2.EmbedResponse(dimensions=vectors.shape[1])
            for row, vector in enumerate(vectors):
                response.embeddings.add(vector=vector.tolist(), token_count=int(token_counts[row]))
            response.meta.timing.compute_micros = int((time.perf_counter() - start) * 1e6)
            return response

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=args.workers))
    embedding_pb2_grpc.add_EmbeddingServiceServicer_to_server(Embedding(), server)
    server.add_insecure_port(f"127.0.0.1:{args.port}")
    server.start()
    print(f"python reference server on 127.0.0.1:{args.port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
