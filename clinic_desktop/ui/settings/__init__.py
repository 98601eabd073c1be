"""Pages of the practice settings dialog beyond the first-run fields: safety and local services."""
