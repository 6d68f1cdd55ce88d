"""Techniques in any language, one sentence at a time (``detector``): a head on the
shared multilingual sentence vectors."""
