#!/usr/bin/env python3
"""A Brink agent shaped for a language model: it renders each decision as a prompt (the
briefing Brink writes, the legal options, the answer format) and picks with a stand-in rule, so
it runs offline. Replace `ask_model` with a call to your model to seat it at the table.

    brink sim --policy us=exec:'python3 examples/agents/prompt_agent.py'
    brink sim --policy us=exec:'python3 examples/agents/prompt_agent.py --show-prompt' --games 1

--show-prompt prints each prompt to stderr (Brink leaves the agent's stderr alone).
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))

from brink_agent import Agent, run  # noqa: E402

SYSTEM = (
    "You are a senior official advising your government in a crisis-diplomacy exercise about "
    "nuclear weapons on the Korean peninsula. Each turn you choose your side's moves; offers "
    "from other sides must be accepted, rejected or countered; at the brink you stand firm or "
    "back down. Weigh your objectives, the risk of war and what the others will believe."
)


def option_lines(decision):
    """The legal options as numbered lines a model can refer to."""
    lines = []
    for i, o in enumerate(decision.legal, 1):
        if decision.kind == "plan":
            package = ""
            if o.get("package") and "fixed" in o["package"]:
                package = " — package: " + ", ".join(p["name"] for p in o["package"]["fixed"])
            elif o.get("package") and "choose" in o["package"]:
                package = " — you choose the package's provisions"
            lines.append(
                '{}. {} "{}" ({}, cost {}, signal {:+}){}: {}'.format(
                    i, o["id"], o["name"], o["kind"], o["cost"], o["signal"], package, o["description"]
                )
            )
        else:
            lines.append("{}. {}: {}".format(i, o["id"], o.get("text", "")))
    return lines


def render_prompt(decision):
    """The whole prompt: system text, the briefing, the options, the answer format."""
    parts = [SYSTEM, "", decision.briefing.strip(), "", "Your options:"]
    parts += option_lines(decision)
    if decision.error:
        parts += ["", "Your previous answer was refused: " + decision.error]
    if decision.kind == "plan":
        fmt = ('{"choice": ["card-id", {"id": "card-id", "package": ["provision-id"]}], '
               '"rationale": "one sentence"}  (at most %d cards, total cost at most %d; [] for none)'
               % (decision.decision["move_limit"], decision.decision["budget"]))
    elif decision.kind == "crisis":
        fmt = '{"choice": "stand_firm" or "back_down", "rationale": "one sentence"}'
    else:
        fmt = ('{"choice": "accept" or "reject" or {"id": "counter", "package": ["provision-id"]}, '
               '"rationale": "one sentence"}')
    parts += ["", "Answer with one JSON object: " + fmt]
    return "\n".join(parts)


def ask_model(prompt, decision):
    """Where a model call goes. For example, with an OpenAI-compatible endpoint:

        import urllib.request
        body = {"model": "...", "messages": [{"role": "user", "content": prompt}],
                "response_format": {"type": "json_object"}}
        req = urllib.request.Request(URL, json.dumps(body).encode(),
                                     {"Authorization": "Bearer " + KEY,
                                      "Content-Type": "application/json"})
        reply = json.load(urllib.request.urlopen(req, timeout=50))
        answer = json.loads(reply["choices"][0]["message"]["content"])
        return answer["choice"], answer.get("rationale")

    (keep the call's timeout under Brink's --agent-timeout, 60 s by default). Until then, a
    stand-in rule answers, so the agent runs offline and the game stays reproducible.
    """
    return stand_in(decision)


def stand_in(decision):
    """A cautious rule: the most cooperative affordable move; accept packages that bind the
    other side at least as much as this one; back down at the brink."""
    me = decision.side
    d = decision.decision
    if decision.kind == "plan":
        options = sorted(decision.legal, key=lambda o: (-o["signal"], o["cost"], o["id"]))
        for o in options:
            if o["cost"] > d["budget"] or o["signal"] <= 0:
                continue
            if o.get("package") and "choose" in o["package"]:
                asks = [p["id"] for p in d["provisions"] if me not in p["obligations"]][:3]
                gives = [p["id"] for p in d["provisions"] if me in p["obligations"]][:1]
                if not asks:
                    continue
                return ([{"id": o["id"], "package": asks + gives}],
                        'stand-in rule: the most cooperative move I can afford, "{}"'.format(o["name"]))
            return [o["id"]], 'stand-in rule: the most cooperative move I can afford, "{}"'.format(o["name"])
        return [], "stand-in rule: nothing cooperative is affordable, so I wait"
    if decision.kind == "crisis":
        return "back_down", "stand-in rule: war is the worst outcome for every side"
    offer = d.get("offer") or {}
    if decision.kind == "cosign":
        return "accept", "stand-in rule: I co-sign what my partners agreed"
    package = offer.get("package", [])
    mine = sum(1 for p in package if me in p["obligations"])
    theirs = sum(1 for p in package if any(s != me for s in p["obligations"]))
    if theirs >= mine:
        return "accept", "stand-in rule: it binds them at least as much as us ({} to {})".format(theirs, mine)
    return "reject", "stand-in rule: it binds us more than them ({} to {})".format(mine, theirs)


class PromptAgent(Agent):
    def __init__(self, show_prompt=False):
        self.show_prompt = show_prompt

    def act(self, decision):
        prompt = render_prompt(decision)
        if self.show_prompt:
            print(prompt + "\n" + "-" * 72, file=sys.stderr)
        return ask_model(prompt, decision)

    def game_over(self, outcome):
        if self.show_prompt:
            print("game over: {} (score {})".format(outcome.get("outcome"), outcome.get("score")),
                  file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-prompt", action="store_true", help="print each prompt to stderr")
    args = ap.parse_args()
    run(PromptAgent(args.show_prompt))


if __name__ == "__main__":
    main()
