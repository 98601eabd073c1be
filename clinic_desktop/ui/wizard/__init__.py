"""The guided biopsychosocial assessment: a shell with a sidebar of sections, one page per section."""
