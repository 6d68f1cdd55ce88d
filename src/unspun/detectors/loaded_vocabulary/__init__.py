"""The loaded-vocabulary rule channel: technique flags from the curated lexicon."""
