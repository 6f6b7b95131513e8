#!/bin/sh
# The SystemC platform's real-time predictions for every example, on both links, at step periods
# of 1, 10 and 100 us: 20 exchanges each (an exchange holds about 1 ms of steps), paced on the
# simulated clock. Prints a Markdown table; with --write FILE, replaces the table between the
# "link-latency-table" markers in FILE.
# Usage: scripts/link_latency_table.sh [--write docs/systemc-platform.md]   (after `make build`)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
ionarray=${IONARRAY:-$root/build/ionarray}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

table() {
  echo "Figures in use (\`ionarray info --backend systemc://?link=...\`):"
  echo
  for link in pcie usb3; do
    echo "- \`$link\`: $("$ionarray" info --backend "systemc://?link=$link" | head -1 | sed 's/.*SystemC platform: //; s/, driven by host-link packets$//')"
  done
  echo
  echo "| example | link | step (us) | steps per exchange | deadline misses | exchange latency median / p95 / max (ms) | spike latency median / p95 / max (ms) | fastest step at this exchange size (us) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for layout in "$root"/examples/*.toml; do
    name=$(basename "$layout" .toml)
    for link in pcie usb3; do
      for step in 1 10 100; do
        chunk=$((1000 / step))
        "$ionarray" run "$layout" --backend "systemc://?link=$link" --realtime --step-us "$step" --steps $((20 * chunk)) \
          --no-record --out "$out/run" > "$out/stdout" 2> "$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
        # The numbers of ionarray's real-time line, in order: step, misses, exchanges, latency median, p95, max,
        # steps per exchange, fastest step, spikes, spike latency median, p95, max.
        grep "^run: real time" "$out/stdout" | sed 's/p95/pct/g' | grep -oE '[0-9][0-9.e+-]*' | tr '\n' ' ' |
          awk -v name="$name" -v link="$link" '{ printf "| %s | %s | %s | %s | %s of %s | %s / %s / %s | %s / %s / %s | %s |\n",
                                                 name, link, $1, $7, $2, $3, $4, $5, $6, $10, $11, $12, $8 }'
      done
    done
  done
}

if [ "${1:-}" = "--write" ]; then
  file=$2
  table > "$out/table.md"
  awk -v table="$out/table.md" '
    /<!-- link-latency-table begin -->/ { print; while ((getline line < table) > 0) print line; skipping = 1; next }
    /<!-- link-latency-table end -->/ { skipping = 0 }
    !skipping { print }' "$file" > "$out/doc.md"
  grep -q "link-latency-table end" "$out/doc.md" || { echo "link_latency_table: no markers in $file" >&2; exit 1; }
  cp "$out/doc.md" "$file"
  echo "link_latency_table: table written to $file"
else
  table
fi
