"""Persuasion-technique detection: a MiniLM token tagger run through ONNX Runtime.

Modules, one job each: ``weights`` (find and verify the pinned base encoder), ``delta``
(merge our fine-tuned delta into it), ``graph`` (write the ONNX graph), ``assemble``
(build and cache the model), ``windows`` (cut documents into windows with exact offsets),
``infer`` (run the model), ``decode`` (probabilities to spans), ``calibration`` (span
confidences), ``metrics`` (SemEval-style scores), ``detector`` (the pipeline component).

Importing this package loads nothing heavy; the detector loads its model when built.
"""
