"""Evaluation: metrics and scorers for each detector against gold annotations."""
