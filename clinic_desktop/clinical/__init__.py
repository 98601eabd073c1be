"""The clinical knowledge of the app: pure, typed Python with no Qt, database or PDF code."""
