"""Tests of the guided-assessment wizard."""
