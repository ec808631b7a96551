"""Play a seat of Brink from Python: the JSON-lines agent protocol, standard library only.

Brink starts your program and talks to it over its standard input and output
(docs/protocol.md). At each decision of your side it writes one line: the decision, what your
side can see, a plain-text briefing and the legal options. Your program answers with one line:
its choice, by ids, and an optional rationale that goes into the game record and its report.

The loop follows the agent-environment cycle of PettingZoo (``agent_iter``, ``observe``,
``legal``, ``act``)::

    from brink_agent import BrinkEnv

    env = BrinkEnv()                      # Brink's messages on stdin, answers on stdout
    for decision in env.agent_iter():     # one per decision of your side, until the game ends
        obs = env.observe()               # what your side can see (a dict)
        legal = env.legal()               # the legal options (a dict, docs/protocol.md)
        env.act(decision.pass_choice(), rationale="nothing yet")
    print(env.outcome, file=sys.stderr)   # how the game ended

or, with a class::

    from brink_agent import Agent, run

    class Cautious(Agent):
        def act(self, decision):
            return decision.pass_choice(), "waiting to see what the others do"

    run(Cautious())

Save it as ``my_agent.py`` and seat it: ``brink sim --policy dprk=exec:'python3 my_agent.py'``.
Print anything you like to stderr (Brink leaves it alone); stdout is the protocol's.

The other way round, ``sim(...)`` runs ``brink sim`` with an agent in a seat and returns its
JSON summary, for notebooks and scripts.
"""

import json
import subprocess
import sys

PROTOCOL = "brink-agent/1"

__all__ = ["PROTOCOL", "ProtocolError", "Decision", "BrinkEnv", "Agent", "run", "sim"]


class ProtocolError(Exception):
    """Brink sent something this client does not understand (another protocol version)."""


class Decision:
    """One decision of your side, as Brink described it.

    ``kind`` is "plan" (this turn's moves), "answer" (an offer made to you), "co_sign" (a
    request to co-sign an offer whose package binds you) or "brink" (stand firm or back down).
    ``legal`` holds the legal options (docs/protocol.md): for a plan, ``cards`` you may play
    with their costs, your ``budget``, ``max_cards`` and the ``provisions`` a package may hold;
    for an answer, the offer and its ``choices`` (and ``counter``, the provisions a
    counter-offer may hold, where one is allowed); at the brink, its ``choices``.
    ``observation`` is what your side can see; ``briefing`` says it in plain text; ``error``,
    when set, says why your previous answer was refused.
    """

    def __init__(self, message):
        self.raw = message
        self.id = message["id"]
        self.side = message["side"]
        self.decision = message["decision"]
        self.kind = self.decision["kind"]
        self.question = self.decision.get("question", "")
        self.observation = message["observation"]
        self.briefing = message.get("briefing", "")
        self.legal = message["legal"]
        self.error = message.get("error")

    def cards(self):
        """For a plan: the cards you may play now (dicts with id, name, cost, kind, package)."""
        return self.legal.get("cards", []) if self.kind == "plan" else []

    def choices(self):
        """For an answer or the brink: the simple choices ("accept", "reject", "stand_firm",
        "back_down"), plus "counter" where a counter-offer is allowed."""
        out = [c["kind"] for c in self.legal.get("choices", [])]
        if self.legal.get("counter"):
            out.append("counter")
        return out

    def facilities(self):
        """The DPRK's plants your side knows of (all of them for the DPRK): dicts with id, name,
        makes, state ("running", "frozen", ...), rate (what it can make a turn) and, for the
        DPRK only, made (what it made last turn)."""
        return self.observation.get("programme", {}).get("facilities", [])

    def agreements(self):
        """Every agreement signed, each provision with its steps and their state
        ("verified", "taken", "next", "later")."""
        return self.observation.get("agreements", [])

    def inspections(self):
        """The inspection regime: regime ("none", "monitors", "safeguards", "special"), access
        0-100 and the turns inspectors have been present without a break."""
        return self.observation.get("inspections", {})

    def pass_choice(self):
        """The choice that does nothing new: no moves, rejecting an offer, backing down."""
        return self.raw["pass"]

    def __repr__(self):
        return "Decision(id={}, side={}, kind={})".format(self.id, self.side, self.kind)


class BrinkEnv:
    """The game as your side meets it: read a decision, look, act; again until it ends."""

    def __init__(self, stdin=None, stdout=None):
        self._in = stdin if stdin is not None else sys.stdin
        self._out = stdout if stdout is not None else sys.stdout
        self.decision = None
        self.outcome = None

    def agent_iter(self):
        """Each decision of your side, in order. Ends when the game does (``outcome`` is then
        set) or when Brink closes the pipe."""
        for line in self._in:
            line = line.strip()
            if not line:
                continue
            message = json.loads(line)
            if message.get("protocol") != PROTOCOL:
                raise ProtocolError(
                    "Brink speaks {!r}; this client speaks {!r}".format(
                        message.get("protocol"), PROTOCOL
                    )
                )
            kind = message.get("type")
            if kind == "decision":
                self.decision = Decision(message)
                if self.decision.error:
                    print("brink_agent: previous answer refused: " + self.decision.error,
                          file=sys.stderr)
                yield self.decision
            elif kind == "over":
                self.outcome = message
                return
            # Other message types are for newer clients: skip them.

    def observe(self):
        """What your side can see now (dict)."""
        return self.decision.observation if self.decision else None

    def legal(self):
        """The legal options now (a dict; see ``Decision``)."""
        return self.decision.legal if self.decision else {}

    def briefing(self):
        """The situation in plain text, for a person or a language model."""
        return self.decision.briefing if self.decision else ""

    def act(self, choice, rationale=None):
        """Answers the current decision. ``choice`` is "pass", "accept", "reject",
        "stand_firm" or "back_down"; a counter-offer ``{"kind": "counter", "package": [ids]}``;
        or, for a plan, a list of cards: card ids, or ``{"card": id, "package": [ids]}`` for a
        card whose package you choose (an empty list plays nothing)."""
        if self.decision is None:
            raise RuntimeError("act() before a decision: iterate agent_iter() first")
        answer = {"id": self.decision.id, "choice": choice}
        if rationale:
            answer["rationale"] = str(rationale)
        self._out.write(json.dumps(answer, separators=(",", ":")) + "\n")
        self._out.flush()
        self.decision = None


class Agent:
    """Subclass and write ``act(decision)``: return a choice, or ``(choice, rationale)``."""

    def act(self, decision):
        raise NotImplementedError

    def game_over(self, outcome):
        """Called once with Brink's final message (outcome, scores)."""


def run(agent, stdin=None, stdout=None):
    """Plays the game Brink is running with ``agent`` until it ends."""
    env = BrinkEnv(stdin, stdout)
    for decision in env.agent_iter():
        answer = agent.act(decision)
        if isinstance(answer, tuple):
            choice, rationale = answer
        else:
            choice, rationale = answer, None
        env.act(choice, rationale)
    if env.outcome is not None:
        agent.game_over(env.outcome)
    return env.outcome


def sim(agent_command, side, args=(), brink="brink"):
    """Runs ``brink sim --json`` with ``agent_command`` (a command line, as a shell would
    split it) playing ``side``, plus any further ``args``; returns the summary as a dict.
    Raises ``subprocess.CalledProcessError`` if Brink fails (its stderr says why)."""
    cmd = [brink, "sim", "--json", "--policy", "{}=exec:{}".format(side, agent_command)]
    cmd += list(args)
    done = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout)
