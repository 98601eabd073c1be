"""Use cases the UI and the command line call: patients, assessments, evaluation, letters, import/export."""
