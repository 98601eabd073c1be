"""Evaluate floor: unpickle a parsed assessment, score it, run the rules, print the evaluation JSON.

``python benchmarks/floor_evaluate.py ASSESSMENT.pickle``. It imports only the pure clinical modules
(``clinic_desktop.clinical.evaluation`` and what it needs) and the standard library, and reimplements
nothing: the scoring and rules are the app's own, and the harness checks that its output is the same
as ``clinic-desktop evaluate``'s. What it skips is what it cannot be asked to do faster than the
command: reading JSON, checking it against the format and building the assessment (the harness
pickles the assessment beforehand). So the ratio is the command's whole overhead over the clinical work.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

from clinic_desktop.clinical.evaluation import evaluate


def main() -> int:
    assessment = pickle.loads(Path(sys.argv[1]).read_bytes())  # the harness wrote it
    print(json.dumps(evaluate(assessment).to_json(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
