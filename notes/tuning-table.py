#!/usr/bin/env python3
"""The README's outcome tables from two runs of `notes/tuning.sh` (before and now):

    python3 notes/tuning-table.py BEFORE_DIR NOW_DIR            the two tables, in markdown
    python3 notes/tuning-table.py BEFORE_DIR NOW_DIR --changes  the setups whose shares moved

The first table is each scenario with its default personas (shares with Wilson 95 % intervals,
the median turns of the first agreement and statement, deals a game, the share of agreements
broken, warheads at the end); the second each US persona against each DPRK persona, as
"agreement · statement · stalemate · collapse · war" in % of the games, now (before), in bold
where one outcome passes 90 %.
"""
import json
import os
import sys

SCENARIOS = ["agreed-framework-1994", "fire-and-fury-2017", "singapore-2018", "hanoi-2019"]
PERSONAS = ["maximalist", "freeze-and-cap", "hawk", "dove", "pragmatist"]
DPRK = ["hold-the-deterrent", "economy-first", "hawk", "dove", "pragmatist"]
OUTCOMES = ["agreement", "statement", "stalemate", "collapse", "war"]


def load(d, name):
    with open(os.path.join(d, name + ".json")) as f:
        return json.load(f)


def shares(r):
    n = r["games"]
    return [100.0 * r["outcomes"].get(o, 0) / n for o in OUTCOMES]


def turn(x):
    return "—" if x is None else f"{x:.0f}"


def default_row(r):
    ci = r["outcome_ci95"]
    cells = [
        f"{100.0 * r['outcomes'].get(o, 0) / r['games']:.1f} ({100 * ci[o][0]:.1f}–{100 * ci[o][1]:.1f})"
        for o in OUTCOMES
    ]
    w = r["final_programme"]["warheads"]
    cells += [
        turn(r["median_first_agreement_turn"]),
        turn(r["median_first_statement_turn"]),
        f"{r['agreements_per_game']:.2f}",
        f"{r['statements_per_game']:.2f}",
        f"{100 * r['agreements_broken_share']:.0f} %",
        f"{w['median']:.0f} ({w['p10']:.0f}–{w['p90']:.0f})",
    ]
    return cells


def mix_cell(r):
    s = shares(r)
    text = " · ".join(f"{x:.0f}" for x in s)
    return (f"**{text}**" if max(s) > 90 else text), s


def main():
    before, now = sys.argv[1], sys.argv[2]
    if "--changes" in sys.argv[3:]:
        names = sorted(f[:-5] for f in os.listdir(now) if f.endswith(".json"))
        moved = 0
        for name in names:
            a, b = shares(load(before, name)), shares(load(now, name))
            gap = max(abs(x - y) for x, y in zip(a, b))
            if gap > 0:
                moved += 1
                print(f"{name}: " + " · ".join(f"{x:.1f}→{y:.1f}" for x, y in zip(a, b)))
        print(f"{moved} of {len(names)} setups moved")
        return
    print("| scenario (default US / DPRK) | | " + " | ".join(OUTCOMES)
          + " | first agreement (median turn) | first statement (median turn) | agreements a game"
          " | statements a game | agreements broken | warheads at the end (median, p10–p90) |")
    print("| --- | --- | " + " | ".join("---" for _ in range(len(OUTCOMES) + 6)) + " |")
    for sc in SCENARIOS:
        r0, r1 = load(before, f"default-{sc}"), load(now, f"default-{sc}")
        pol = r1["policies"]
        label = f"`{sc}` ({pol.get('us', '?')} / {pol.get('dprk', '?')})"
        print(f"| {label} | before | " + " | ".join(default_row(r0)) + " |")
        print("|  | now | " + " | ".join(default_row(r1)) + " |")
    print()
    print("| scenario | US persona ↓ / DPRK persona → | " + " | ".join(DPRK) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in DPRK) + " |")
    for sc in SCENARIOS:
        for us in PERSONAS:
            cells = []
            for d in DPRK:
                name = f"mix-{sc}-{us}-{d}"
                new, _ = mix_cell(load(now, name))
                old, _ = mix_cell(load(before, name))
                cells.append(f"{new} ({old.strip('*')})")
            print(f"| `{sc}` | {us} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
