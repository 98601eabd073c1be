"""``python -m benchmarks`` (``make bench``): every benchmark, each in its own process, with its figures."""

from __future__ import annotations

import subprocess
import sys

# Each in a fresh process: the start-up and wizard benchmarks own a QApplication, and figures from a
# process that already imported everything would flatter the cold-start ones.
BENCHMARKS = (
    "ratios",
    "clinical_core",
    "rules_engine",
    "database",
    "assessments",
    "letters",
    "wizard",
    "startup",
    "follow_up",
    "follow_up --postgresql",  # a throw-away cluster; says so and skips when PostgreSQL is not installed
    "trends",
    "consultation_actions",
    "package",  # after make package; says so and skips otherwise
)


def main() -> int:
    failed = []
    for entry in BENCHMARKS:
        name, *arguments = entry.split()
        print(f"\n=== benchmarks.{entry} ===", flush=True)
        command = [sys.executable, "-m", f"benchmarks.{name}", *arguments]
        if subprocess.run(command, check=False).returncode != 0:
            failed.append(entry)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
