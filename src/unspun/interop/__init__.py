"""Interop with the tools people already use: spaCy, Label Studio, doccano, shared tasks.

Each format lives in its own module; nothing here is imported eagerly, because spaCy
imports :mod:`unspun.interop.spacy_component` (its ``spacy_factories`` entry point) every
time it builds a pipeline.
"""
