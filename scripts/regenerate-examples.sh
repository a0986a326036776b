#!/usr/bin/env bash
# Regenerate the example charts shown in the README (outputs/examples/) from the default
# scenario: a full run with plots, then a copy of the charts the README shows.
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
echo "updated outputs/examples/"
