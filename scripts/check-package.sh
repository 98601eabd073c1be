#!/usr/bin/env bash
# Checks the PyInstaller folder (`make package`) runs on its own: with a bare environment (no virtual
# environment, no PYTHONPATH, a new home folder), in a folder outside the repository, it must
#   - evaluate an example assessment exactly as the editable install does,
#   - write a referral letter PDF (ReportLab and its fonts inside),
#   - create a database with `init` (the Alembic migrations inside),
#   - audit a generated practice of 2,500 patients, evaluating in worker processes (which start the
#     packaged program again) with the same figures as the editable install,
#   - open the window on the demo database and save a screenshot (Qt, fonts, icons, stylesheet).
# Usage: scripts/check-package.sh [dist/clinic-desktop]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
package="$(cd "${1:-$repo/dist/clinic-desktop}" && pwd)"
example="$repo/tests/fixtures/examples/example-1-dihydrocodeine-pregabalin.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/home" "$work/runtime"
bare() {
    (cd "$work" && env -i PATH=/usr/bin:/bin HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen TMPDIR="$work" "$@")
}
app="$package/clinic-desktop"

bare "$app" evaluate "$example" > "$work/packaged.json"
# The same bare environment: neither may read a database (and its rule settings) from a real home.
bare "$repo/.venv/bin/clinic-desktop" evaluate "$example" > "$work/editable.json"
cmp "$work/packaged.json" "$work/editable.json"
echo "check-package: evaluate gives the same evaluation as the editable install"

bare "$app" letter "$example" --service pain_management --output "$work/letter.pdf" \
    --practice "$repo/docs/practice.example.json" > /dev/null
test "$(head -c 5 "$work/letter.pdf")" = "%PDF-"
echo "check-package: letter wrote a PDF ($(stat -c %s "$work/letter.pdf") bytes)"

bare "$app" --database "$work/clinic.sqlite3" init > /dev/null
bare "$app" --database "$work/clinic.sqlite3" verify-audit > /dev/null
echo "check-package: init created a database, verify-audit reads it"

(cd "$repo" && .venv/bin/python -c "
import sys
from benchmarks.follow_up_data import Scale, generate
from clinic_desktop.services.database import open_services
with open_services(sys.argv[1]) as services:
    generate(services._engine, Scale(patients=2500, assessments=3000, busiest=3))
" "sqlite:///$work/practice.sqlite3")
bare "$app" --database "$work/practice.sqlite3" audit --format json --as-of 2026-12-01 \
    > "$work/packaged-audit.json" 2> "$work/audit.log" || { cat "$work/audit.log" >&2; exit 1; }
# The worker processes' failure would be a warning here (and the audit done in one process instead).
test ! -s "$work/audit.log" || { cat "$work/audit.log" >&2; exit 1; }
bare "$repo/.venv/bin/clinic-desktop" --database "$work/practice.sqlite3" audit --format json \
    --as-of 2026-12-01 --re-evaluate > "$work/editable-audit.json"
cmp "$work/packaged-audit.json" "$work/editable-audit.json"
echo "check-package: audit of 2,500 patients on $(nproc) processors, the same as the editable install"

bare "$app" --demo --screenshot "$work/demo.png" 2> "$work/screenshot.log" || { cat "$work/screenshot.log" >&2; exit 1; }
test "$(stat -c %s "$work/demo.png")" -gt 20000
mkdir -p "$repo/build"
cp "$work/demo.png" "$repo/build/package-screenshot.png"
echo "check-package: --demo --screenshot saved build/package-screenshot.png ($(stat -c %s "$work/demo.png") bytes)"
# The patient page's trends import QtCharts when first shown: its library must be inside.
find "$package" -name 'QtCharts*.so' | grep -q . || { echo "check-package: QtCharts is missing" >&2; exit 1; }
echo "check-package: QtCharts is inside (the patient page's trends)"
echo "check-package: $(du -sh "$package" | cut -f1) in $package"
