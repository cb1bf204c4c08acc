"""Evaluation: gold question set, metrics and baselines; drives the assistant."""
