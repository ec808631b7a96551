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
        """1 to 3 provisions from the table, at random."""
        table = [p["id"] for p in decision.decision.get("provisions", [])]
        if not table:
            return []
        return self.rng.sample(table, self.rng.randint(1, min(3, len(table))))

    def act(self, decision):
        if decision.kind == "plan":
            budget = decision.decision["budget"]
            limit = decision.decision["move_limit"]
            options = list(decision.legal)
            self.rng.shuffle(options)
            plan, spent = [], 0
            for o in options[: self.rng.randint(0, limit)]:
                if spent + o["cost"] > budget:
                    continue
                spent += o["cost"]
                if o["package"] is not None and "choose" in o["package"]:
                    plan.append({"id": o["id"], "package": self.package(decision)})
                else:
                    plan.append(o["id"])
            names = ", ".join(p if isinstance(p, str) else p["id"] for p in plan) or "nothing"
            return plan, "random: " + names
        option = self.rng.choice(decision.legal)
        if option["id"] == "counter":
            return {"id": "counter", "package": self.package(decision)}, "random: counter"
        return option["id"], "random: " + option["id"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=None, help="seed for a reproducible agent")
    args = ap.parse_args()
    run(RandomAgent(args.seed))


if __name__ == "__main__":
    main()
