#!/usr/bin/env python3
"""A Brink agent that plays uniformly random legal choices: the baseline, and an example of the
protocol end to end (docs/protocol.md).

    brink sim --policy dprk=exec:'python3 examples/agents/random_agent.py --seed 7'

With --seed it is deterministic: the same game seed and agent seed give the same record.
"""

import argparse
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))

from brink_agent import Agent, run  # noqa: E402


class RandomAgent(Agent):
    def __init__(self, seed=None):
        self.rng = random.Random(seed)

    def package(self, decision):
        """1 to 3 provisions, at random, from those a package may hold."""
        table = decision.legal.get("provisions") or decision.legal.get("counter") or []
        ids = [p["id"] for p in table]
        return self.rng.sample(ids, self.rng.randint(1, min(3, len(ids)))) if ids else []

    def act(self, decision):
        if decision.kind == "plan":
            budget = decision.legal["budget"]
            cards = list(decision.cards())
            self.rng.shuffle(cards)
            plan, spent = [], 0
            for c in cards[: self.rng.randint(0, decision.legal["max_cards"])]:
                if spent + c["cost"] > budget:
                    continue
                spent += c["cost"]
                if c["package"]["kind"] == "chosen":
                    plan.append({"card": c["id"], "package": self.package(decision)})
                else:
                    plan.append(c["id"])
            names = ", ".join(p if isinstance(p, str) else p["card"] for p in plan) or "nothing"
            return plan, "random: " + names
        choice = self.rng.choice(decision.choices())
        if choice == "counter":
            return {"kind": "counter", "package": self.package(decision)}, "random: counter"
        return choice, "random: " + choice


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=None, help="seed for a reproducible agent")
    args = ap.parse_args()
    run(RandomAgent(args.seed))


if __name__ == "__main__":
    main()
