"""Benchmarks: python -m benchmarks.<name> prints figures for this machine."""
