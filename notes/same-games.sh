#!/usr/bin/env bash
# Proof that an engine change left every game as it was: plays the same seeded games with a
# build and writes everything a game shows into OUT, so that two builds' folders can be compared
# byte for byte.
#
#   notes/same-games.sh BRINK OUT [GAMES]        play and write
#   notes/same-games.sh --compare OLD NEW         compare two such folders (exit 1 if any differs)
#
# For every scenario, with its default personas, random players on every seat, and hawk, dove
# and pragmatist on every seat (GAMES games each, seed 1, default 400):
#   - the `brink sim --json` summary, less `elapsed_s` (how long the run took);
#   - the `--csv` rows (one per game: outcome, turn, final meters, scores);
# and for the default and random setups, 12 games each:
#   - every `--record` file (its inputs and the hash of the game's whole log and ledger, which
#     `brink sim` writes by playing the game again with a journal: the logged path);
#   - `brink replay --check` of each (the unlogged and the logged paths agree) and its per-turn
#     state (`replay --json`);
#   - the after-action report in Markdown and JSON (the log as a reader sees it).
# Plus one hard-seat run (the search opponent plays the engine in its playouts), 2 games a
# scenario.
#
# Engine speed work (README "Speed", notes/speed-history.md) must leave all of it identical.
set -euo pipefail

if [[ "${1:-}" == "--compare" ]]; then
  old=$2 new=$3
  if diff -r -q "$old" "$new"; then
    echo "identical: $(find "$old" -type f | wc -l) files"
  else
    echo "DIFFERENT (see above)"
    exit 1
  fi
  exit 0
fi

B=${1:?usage: notes/same-games.sh BRINK OUT [GAMES]}
OUT=${2:?usage: notes/same-games.sh BRINK OUT [GAMES]}
N=${3:-400}
mkdir -p "$OUT"
strip_elapsed() { sed -E 's/"elapsed_s":[^,}]*,?//'; }

for sc in agreed-framework-1994 fire-and-fury-2017 singapore-2018 hanoi-2019; do
  for setup in default random hawk dove pragmatist; do
    args=()
    [[ $setup != default ]] && args=(--policy "all=$setup")
    "$B" -q sim --scenario "$sc" --games "$N" --seed 1 ${args[@]+"${args[@]}"} --json \
      --csv "$OUT/$sc.$setup.csv" | strip_elapsed > "$OUT/$sc.$setup.json"
  done
  for setup in default random; do
    args=()
    [[ $setup != default ]] && args=(--policy "all=$setup")
    dir="$OUT/records/$sc.$setup"
    mkdir -p "$dir"
    "$B" -q sim --scenario "$sc" --games 12 --seed 7 ${args[@]+"${args[@]}"} --record "$dir" \
      > /dev/null
    for r in "$dir"/*.ron; do
      "$B" -q replay --check "$r" > /dev/null
      "$B" -q replay --json "$r" > "$r.turns.jsonl"
      "$B" -q report "$r" > "$r.report.md"
      "$B" -q report --format json "$r" > "$r.report.json"
    done
  done
  "$B" -q sim --scenario "$sc" --games 2 --seed 3 --policy dprk=pragmatist:hard --json \
    | strip_elapsed > "$OUT/$sc.hard.json"
done
echo "wrote $(find "$OUT" -type f | wc -l) files to $OUT"
