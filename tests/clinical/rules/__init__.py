"""Tests of the best-practice rules pack."""
