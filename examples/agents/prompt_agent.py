#!/usr/bin/env python3
"""A Brink agent shaped for a language model: it renders each decision as a prompt (the
briefing Brink writes, the legal options, the answer format) and picks with a stand-in rule, so
it runs offline. Replace `ask_model` with a call to your model to seat it at the table.

    brink sim --policy us=exec:'python3 examples/agents/prompt_agent.py'
    brink sim --policy us=exec:'python3 examples/agents/prompt_agent.py --show-prompt' --games 1

--show-prompt prints each prompt to stderr (Brink leaves the agent's stderr alone).
"""

import argparse
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
    """The legal options as lines a model can read."""
    legal = decision.legal
    if decision.kind == "plan":
        lines = []
        signals = legal.get("signals", {})
        for c in decision.cards():
            package = ""
            if c["package"]["kind"] == "fixed":
                package = " — package: " + ", ".join(p["name"] for p in c["package"]["provisions"])
            elif c["package"]["kind"] == "chosen":
                package = " — you choose the package's provisions"
            lines.append('- {} "{}" ({}, cost {}, signal {:+}){}: {}'.format(
                c["id"], c["name"], c["kind"], c["cost"], signals.get(c["id"], 0.0), package,
                c["description"]))
        if legal.get("provisions"):
            lines.append("Provisions a package may hold: " + ", ".join(
                '{} "{}"'.format(p["id"], p["name"]) for p in legal["provisions"]))
        return lines
    lines = ["- " + c for c in decision.choices()]
    if legal.get("counter"):
        lines.append("Provisions a counter-offer may hold: " + ", ".join(
            '{} "{}"'.format(p["id"], p["name"]) for p in legal["counter"]))
    return lines


def render_prompt(decision):
    """The whole prompt: system text, the briefing, the options, the answer format."""
    parts = [SYSTEM, "", decision.briefing.strip(), "", "Your options:"]
    parts += option_lines(decision)
    if decision.error:
        parts += ["", "Your previous answer was refused: " + decision.error]
    if decision.kind == "plan":
        fmt = ('{"choice": ["card-id", {"card": "card-id", "package": ["provision-id"]}], '
               '"rationale": "one sentence"}  (at most %d cards, total cost at most %d; [] for none)'
               % (decision.legal["max_cards"], decision.legal["budget"]))
    elif decision.kind == "brink":
        fmt = '{"choice": "stand_firm" or "back_down", "rationale": "one sentence"}'
    else:
        fmt = ('{"choice": "accept" or "reject" or {"kind": "counter", "package": ["provision-id"]}, '
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
    """A cautious rule: the most cooperative card it can afford (a chosen package asks for the
    first two provisions on the table); accept offers and requests to co-sign; back down at the
    brink."""
    if decision.kind == "plan":
        budget = decision.legal["budget"]
        signals = decision.legal.get("signals", {})
        cards = sorted(decision.cards(), key=lambda c: (-signals.get(c["id"], 0.0), c["cost"], c["id"]))
        for c in cards:
            if c["cost"] > budget or signals.get(c["id"], 0.0) <= 0:
                continue
            why = 'stand-in rule: the most cooperative move I can afford, "{}"'.format(c["name"])
            if c["package"]["kind"] == "chosen":
                table = [p["id"] for p in decision.legal.get("provisions", [])][:2]
                if not table:
                    continue
                return [{"card": c["id"], "package": table}], why
            return [c["id"]], why
        return [], "stand-in rule: nothing cooperative is affordable, so I wait"
    if decision.kind == "brink":
        return "back_down", "stand-in rule: war is the worst outcome for every side"
    if decision.kind == "co_sign":
        return "accept", "stand-in rule: I co-sign what my partners agreed"
    return "accept", "stand-in rule: an agreement on the table is worth taking"


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
