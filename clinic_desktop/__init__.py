"""clinic-desktop: biopsychosocial assessment of patients who take, or may start, opioids."""

__version__ = "0.1.0"
