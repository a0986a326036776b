#!/usr/bin/env bash
# Regenerate the example charts shown in the README (outputs/examples/) from the default
# scenario: a full run with plots, then a copy of the charts the README shows, the report in
# English and in Swedish, the workbook in both languages and a Swedish slide-sized chart.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo run --release --quiet -- run scenarios/default.toml --out "$tmp/run" --quiet --no-trials
mkdir -p outputs/examples
for chart in change_vs_baseline cumulative_revenue hours_by_activity; do
    cp "$tmp/run/plots/$chart.png" outputs/examples/
done
cargo run --release --quiet -- report "$tmp/run" --lang en
cp "$tmp/run/report.html" outputs/examples/report.html
cargo run --release --quiet -- report "$tmp/run" --lang sv
cp "$tmp/run/report.html" outputs/examples/report_sv.html
cargo run --release --quiet -- export "$tmp/run" --xlsx --lang en --out outputs/examples/results.xlsx
cargo run --release --quiet -- export "$tmp/run" --xlsx --lang sv --out outputs/examples/results_sv.xlsx
cargo run --release --quiet -- plot "$tmp/run" --lang sv --slides
cp "$tmp/run/plots/outcomes.png" outputs/examples/outcomes_sv_slide.png
echo "updated outputs/examples/"
