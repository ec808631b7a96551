#!/usr/bin/env bash
# Re-takes the corpus of `tests/fixtures/rules/`: for every scenario, one game with its default
# personas and one with random players on every seat, each kept as a record with its check (the
# hash of its whole log and ledger) under the current rules revision and decks.
#
#   notes/rules-corpus.sh [BRINK]       (default: target/fastrel/brink, built first)
#
# `tests/rules_fingerprint.rs` replays them. Re-take the corpus when the decks change, or after
# raising `engine::RULES_REVISION` for a change of the rules; never to make a rule change pass
# unannounced (that is what the test is there to catch).
set -euo pipefail
cd "$(dirname "$0")/.."
BRINK=${1:-}
if [ -z "$BRINK" ]; then
  cargo build --profile fastrel --bin brink
  BRINK=target/fastrel/brink
fi
OUT=tests/fixtures/rules
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
rm -f "$OUT"/*.ron
for s in $("$BRINK" scenarios --decks decks --json | python3 -c 'import json,sys; print(" ".join(x["id"] for x in json.load(sys.stdin)["scenarios"]))'); do
  "$BRINK" sim --decks decks --scenario "$s" --games 1 --seed 1 --record "$TMP/p" -q --json > /dev/null
  "$BRINK" sim --decks decks --scenario "$s" --games 1 --seed 1 --policy all=random --record "$TMP/r" -q --json > /dev/null
  mv "$TMP/p/$s-00000.ron" "$OUT/$s-personas.ron"
  mv "$TMP/r/$s-00000.ron" "$OUT/$s-random.ron"
done
ls "$OUT"
