"""The model layer: verified files and the cache (``files``), ONNX Runtime sessions
(``sessions``), dense heads (``heads``), the BERT graph builder (``graph``), the pinned
base encoders (``minilm``, ``e5_*``), deltas (``delta``) and the shared per-document
resources every detector may reuse (``sentences``: sentence vectors). Importing it loads
nothing heavy."""
