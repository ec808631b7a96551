#!/usr/bin/env bash
# Outcome shares for the README's tuning table: each scenario with its default personas, and each
# US persona against each DPRK persona (the other sides on their defaults), 1,000 games a setup,
# seed 1, one `brink sim --json` file a setup in OUT.
#   cargo build --profile fastrel && notes/tuning.sh target/fastrel/brink tuning-out
set -euo pipefail
B=${1:-target/fastrel/brink}
OUT=${2:-tuning-out}
mkdir -p "$OUT"
for sc in agreed-framework-1994 fire-and-fury-2017 singapore-2018 hanoi-2019; do
  "$B" sim --scenario "$sc" --games 1000 --seed 1 --json > "$OUT/default-$sc.json"
  for us in maximalist freeze-and-cap hawk dove pragmatist; do
    for d in hold-the-deterrent economy-first hawk dove pragmatist; do
      "$B" sim --scenario "$sc" --games 1000 --seed 1 --policy us="$us" --policy dprk="$d" \
        --json > "$OUT/mix-$sc-$us-$d.json"
    done
  done
done
