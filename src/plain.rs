//! Plain text, a line at a time: the game for a screen reader, a braille display or a pipe,
//! where the full-screen terminal is invisible. Every choice is a numbered list read out once;
//! the answer is a line of numbers. What happened is told in the log's sentences, as the side
//! may see them. It drives the same decision API as the agent protocol (`decision::options`,
//! `Choice::to_input`) and writes the same game record, so `brink replay` and `brink report`
//! read a plain game like any other.

use std::io::{self, BufRead, Write};
use std::path::PathBuf;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::agent::protocol::briefing;
use crate::ai::{self, Policy};
use crate::content::{ContentDb, Meter, SideId};
use crate::engine::decision::{
    self, Applied, Choice, Decision, Legal, Named, PackageOption, PlannedCard,
};
use crate::engine::observe::{Viewer, observe};
use crate::engine::text::meter_name;
use crate::engine::{Game, MeterRef, score};
use crate::tui::view::{meter_ledger, meter_rows};

/// Who sits where, and the game to play.
pub struct PlainOptions {
    pub scenario: String,
    pub seed: u64,
    /// The sides a person plays (the rest: `policies`, else the scenario's persona).
    pub humans: [bool; 5],
    pub policies: [Option<String>; 5],
    /// Where the record is written (None: not written).
    pub saves: Option<PathBuf>,
    /// End each answer's line in the output: a terminal echoes what is typed and the Enter,
    /// a pipe or a file does not.
    pub end_answers: bool,
}

/// How the session ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// The game reached its end.
    Over,
    /// The player typed `q`, or the input ended: the game so far is in the record.
    Stopped,
}

const HELP: &str = "Answer with the numbers of your choice and Enter. At any question: ? reads \
the situation again, w says why the numbers moved (w and a name for one: w trust us dprk, w \
warheads), q saves and stops.";

/// Plays the game from `input` to `out`. Errors are only those of reading and writing.
pub fn run(
    db: &ContentDb,
    opts: &PlainOptions,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Ended> {
    let Some(mut game) = Game::new(db, &opts.scenario, opts.seed) else {
        writeln!(out, "There is no scenario \"{}\".", opts.scenario)?;
        return Ok(Ended::Stopped);
    };
    let mut computers: Vec<Option<Box<dyn Policy>>> = Vec::new();
    for side in SideId::ALL {
        if opts.humans[side.index()] || !game.state.seated(side) {
            computers.push(None);
            continue;
        }
        let spec = opts.policies[side.index()]
            .clone()
            .unwrap_or_else(|| crate::sim::scenario_persona(db, &opts.scenario, side));
        match ai::make_policy(db, &spec, side) {
            Ok(p) => computers.push(Some(p)),
            Err(e) => {
                writeln!(out, "{}: {e}", side.id())?;
                return Ok(Ended::Stopped);
            }
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed ^ 0x9e37_79b9_7f4a_7c15);
    let title = db
        .scenario(&opts.scenario)
        .map_or(opts.scenario.clone(), |s| s.title.clone());
    let you: Vec<String> = SideId::ALL
        .iter()
        .filter(|s| opts.humans[s.index()])
        .map(|s| s.to_string())
        .collect();
    writeln!(
        out,
        "Brink, plain text. {title}, seed {}. You play: {}.",
        opts.seed,
        you.join(", ")
    )?;
    writeln!(out, "{HELP}")?;
    // The log each human side has been told up to.
    let mut told = [0usize; 5];
    let ended = loop {
        let Some(d) = game.state.pending().next() else {
            break Ended::Over;
        };
        let side = d.side();
        let Some(p) = computers[side.index()].as_mut() else {
            tell(db, &game, side, &mut told[side.index()], out)?;
            match ask(db, &game, d, opts.end_answers, input, out)? {
                Some(choice) => {
                    let applied = choice
                        .to_input(db, d)
                        .and_then(|i| game.apply(db, d, i, None));
                    if let Err(e) = applied {
                        writeln!(out, "Refused: {e}. Choose again.")?;
                    }
                    continue;
                }
                None => break Ended::Stopped,
            }
        };
        let chosen = p.decide(db, &game.state, d, &mut rng);
        // A computer's move the rules refuse is its pass, as with every driver.
        match game.apply_or_pass(db, d, Some(chosen), p.reason()) {
            Ok(Applied::Chosen) => {}
            Ok(Applied::Passed(why)) => writeln!(out, "{side} passes ({why}).")?,
            Err(e) => {
                writeln!(out, "The game cannot go on: {e}.")?;
                break Ended::Stopped;
            }
        }
    };
    if ended == Ended::Over {
        // The end is told once, whole, as the debrief shows it: nothing is secret any more.
        let log = &game.journal.log;
        let from = told.iter().copied().max().unwrap_or(0);
        for i in from..log.len() {
            if let Some(line) = Viewer::All.log_line_at(db, log, i) {
                writeln!(out, "{line}")?;
            }
        }
        writeln!(out, "The game is over.")?;
        for side in game.state.seated_sides() {
            let results = score::objective_results(db, &game.state, side);
            let met = results.iter().filter(|r| r.met).count();
            writeln!(
                out,
                "{side}: score {:.0}%, {met} of {} objectives met.",
                score::score(db, &game.state, side) * 100.0,
                results.len()
            )?;
        }
    }
    if let Some(dir) = &opts.saves {
        let controllers: Vec<(SideId, String)> = game
            .state
            .seated_sides()
            .map(|s| {
                let who = if opts.humans[s.index()] {
                    "human".to_string()
                } else {
                    opts.policies[s.index()]
                        .clone()
                        .unwrap_or_else(|| crate::sim::scenario_persona(db, &opts.scenario, s))
                };
                (s, who)
            })
            .collect();
        match crate::save::autosave_in(dir, db, &game, &controllers) {
            Ok(path) => writeln!(
                out,
                "Record: {} (brink report FILE --format md reads it back; brink play --load FILE goes on in the full screen).",
                path.display()
            )?,
            Err(e) => writeln!(out, "The record could not be written: {e}.")?,
        }
    }
    Ok(ended)
}

/// Writes what `side` may see of the log since it was last told.
fn tell(
    db: &ContentDb,
    game: &Game,
    side: SideId,
    told: &mut usize,
    out: &mut impl Write,
) -> io::Result<()> {
    let log = &game.journal.log;
    for i in *told..log.len() {
        if let Some(line) = Viewer::Side(side).log_line_at(db, log, i) {
            writeln!(out, "{line}")?;
        }
    }
    *told = log.len();
    Ok(())
}

/// Asks one decision until a usable answer comes; None: stop (`q` or the end of the input).
fn ask(
    db: &ContentDb,
    game: &Game,
    d: Decision,
    end: bool,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Option<Choice>> {
    let s = &game.state;
    let Ok(options) = decision::options(db, s, d) else {
        return Ok(Some(Choice::Pass));
    };
    writeln!(out)?;
    writeln!(out, "{}", options.question)?;
    let cx = Asking {
        db,
        game,
        d,
        options: &options,
        end,
    };
    match &options.legal {
        Legal::Plan(p) => {
            let t = s.tension();
            writeln!(
                out,
                "Tension {:.0} ({}), sanctions pressure {:.0}, verification {:.0}; your support at home {:.0}.",
                db.tension_shown(t),
                db.rung_name(t),
                s.meter(Meter::Sanctions),
                s.meter(Meter::Verification),
                s.support(d.side())
            )?;
            writeln!(
                out,
                "Your cards: up to {} of them, {} political capital in all.",
                p.max_cards, p.budget
            )?;
            for (k, c) in p.cards.iter().enumerate() {
                let to = c.target.map_or(String::new(), |t| format!(" to {t}"));
                writeln!(
                    out,
                    "{}. {}: {}{to}, {} PC. {}",
                    k + 1,
                    c.name,
                    c.kind,
                    c.cost,
                    c.description
                )?;
            }
            loop {
                let Some(line) = cx.line(
                    "Card numbers, separated by spaces (Enter alone: play nothing)",
                    input,
                    out,
                )?
                else {
                    return Ok(None);
                };
                let picks = match numbers(&line, p.cards.len()) {
                    Ok(v) => v,
                    Err(e) => {
                        writeln!(out, "{e}")?;
                        continue;
                    }
                };
                let mut cards = Vec::new();
                let mut stopped = false;
                for k in picks {
                    let c = &p.cards[k];
                    let mut package = Vec::new();
                    if c.package == PackageOption::Chosen {
                        match provisions(
                            &format!("The package of \"{}\"", c.name),
                            &p.provisions,
                            end,
                            input,
                            out,
                        )? {
                            Some(v) => package = v,
                            None => {
                                stopped = true;
                                break;
                            }
                        }
                    }
                    cards.push(PlannedCard {
                        card: c.id.clone(),
                        target: None,
                        package,
                    });
                }
                if stopped {
                    return Ok(None);
                }
                return Ok(Some(Choice::Plan { cards }));
            }
        }
        Legal::Answer(a) => {
            let from = s
                .offer(a.offer)
                .map_or("?".to_string(), |o| o.from.to_string());
            let what = if a.cosign_of.is_some() {
                "asks you to co-sign"
            } else if a.counter_of.is_some() {
                "counters with"
            } else {
                "offers"
            };
            writeln!(out, "{from} {what}: {}.", a.card.name)?;
            if !a.package.is_empty() {
                let names: Vec<&str> = a.package.iter().map(|n| n.name.as_str()).collect();
                writeln!(out, "The package: {}.", names.join("; "))?;
            }
            writeln!(out, "1. Accept.")?;
            writeln!(out, "2. Reject.")?;
            if a.counter.is_some() {
                writeln!(out, "3. Counter: send back a changed package.")?;
            }
            loop {
                let Some(line) = cx.line("Your answer", input, out)? else {
                    return Ok(None);
                };
                match line.as_str() {
                    "1" => return Ok(Some(Choice::Accept)),
                    "2" => return Ok(Some(Choice::Reject)),
                    "3" if a.counter.is_some() => {
                        let on_table = a.counter.as_deref().unwrap_or_default();
                        return Ok(provisions(
                            "Your counter's package",
                            on_table,
                            end,
                            input,
                            out,
                        )?
                        .map(|package| Choice::Counter { package }));
                    }
                    _ => writeln!(
                        out,
                        "Type 1 or 2{}.",
                        if a.counter.is_some() { " or 3" } else { "" }
                    )?,
                }
            }
        }
        Legal::Brink(b) => {
            writeln!(
                out,
                "Tension stands at {:.0}, at the brink. 1. Stand firm. 2. Back down.",
                db.tension_shown(b.tension)
            )?;
            loop {
                let Some(line) = cx.line("Your choice", input, out)? else {
                    return Ok(None);
                };
                match line.as_str() {
                    "1" => return Ok(Some(Choice::StandFirm)),
                    "2" => return Ok(Some(Choice::BackDown)),
                    _ => writeln!(out, "Type 1 or 2.")?,
                }
            }
        }
    }
}

/// One decision being asked: what its questions need to answer `?` and `w` themselves.
struct Asking<'a> {
    db: &'a ContentDb,
    game: &'a Game,
    d: Decision,
    options: &'a decision::Options,
    end: bool,
}

impl Asking<'_> {
    /// `prompt`, with `?` (the situation) and `w` (why the numbers moved) answered here and
    /// the question asked again; None at `q` or the end of the input.
    fn line(
        &self,
        question: &str,
        input: &mut impl BufRead,
        out: &mut impl Write,
    ) -> io::Result<Option<String>> {
        loop {
            let Some(line) = prompt(question, self.end, input, out)? else {
                return Ok(None);
            };
            match (line.as_str(), line.strip_prefix("w ")) {
                ("?", _) => situation(self.db, self.game, self.d, self.options, out)?,
                ("w", _) => why_moved(self.db, self.game, self.d.side(), out)?,
                (_, Some(name)) => why_this_moved(self.db, self.game, self.d.side(), name, out)?,
                _ => return Ok(Some(line)),
            }
        }
    }
}

/// Reads the situation out: the agent protocol's briefing, which a person can read too.
fn situation(
    db: &ContentDb,
    game: &Game,
    d: Decision,
    options: &decision::Options,
    out: &mut impl Write,
) -> io::Result<()> {
    let obs = observe(&game.state, d.side());
    let b = briefing(db, &game.state, &obs, d, options);
    // Its last paragraph tells a program how to answer in JSON: the numbered list does that
    // here.
    let cut = b
        .rfind(&format!("\n\n{}", options.question))
        .unwrap_or(b.len());
    writeln!(out, "{}", b[..cut].trim_end())
}

/// Why each of the main numbers moved, the last turn and this one so far, as `side` may know:
/// the ledger summed by cause ("tension +8.0: DPRK: ICBM test +5.0, drift toward the baseline
/// -1.0").
fn why_moved(db: &ContentDb, game: &Game, side: SideId, out: &mut impl Write) -> io::Result<()> {
    let now = game.state.turn;
    let mut any = false;
    for m in Meter::ALL {
        let turns = meter_ledger(
            db,
            &game.journal.ledger,
            MeterRef::Meter(m),
            Viewer::Side(side),
        );
        for (turn, summary, _) in turns.iter().filter(|(t, _, _)| t + 1 >= now) {
            writeln!(out, "Turn {turn}: {summary}.")?;
            any = true;
        }
    }
    if !any {
        writeln!(out, "Nothing has moved the numbers yet.")?;
    }
    Ok(())
}

/// Why the numbers named by `name` moved, the last turn and this one so far, as `side` may know:
/// every number the side can see whose name holds the words of `name` in their order ("trust
/// us dprk" is the US's trust in the DPRK, "support" every side's support), with each change
/// and its cause, as the full screen's WHY shows them.
fn why_this_moved(
    db: &ContentDb,
    game: &Game,
    side: SideId,
    name: &str,
    out: &mut impl Write,
) -> io::Result<()> {
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let wanted = words(name);
    let viewer = Viewer::Side(side);
    let rows = meter_rows(&game.state, viewer);
    let named: Vec<MeterRef> = rows
        .iter()
        .copied()
        .filter(|&m| {
            let mut have = words(&meter_name(m)).into_iter();
            !wanted.is_empty() && wanted.iter().all(|w| have.any(|h| h == *w))
        })
        .collect();
    if named.is_empty() {
        let plain: Vec<String> = rows
            .iter()
            .filter(|m| matches!(m, MeterRef::Meter(_) | MeterRef::Programme(_)))
            .map(|&m| meter_name(m))
            .collect();
        return writeln!(
            out,
            "No number you can see is called \"{}\". You can ask for {}, and for each side's \
             support, political capital and trust in another (w trust us dprk).",
            name.trim(),
            plain.join(", ")
        );
    }
    let now = game.state.turn;
    for m in named {
        let turns = meter_ledger(db, &game.journal.ledger, m, viewer);
        let recent: Vec<_> = turns.iter().filter(|(t, _, _)| t + 1 >= now).collect();
        if recent.is_empty() {
            writeln!(out, "{}: no change last turn or this one.", meter_name(m))?;
        }
        for (turn, summary, lines) in recent {
            writeln!(out, "Turn {turn}: {summary}.")?;
            for l in lines {
                writeln!(
                    out,
                    "  {}",
                    l.split_whitespace().collect::<Vec<_>>().join(" ")
                )?;
            }
        }
    }
    Ok(())
}

/// Asks for 1 to 8 of `on_table` by number; their ids, or None to stop.
fn provisions(
    what: &str,
    on_table: &[Named],
    end: bool,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Option<Vec<String>>> {
    writeln!(out, "{what}: choose 1 to 8 of these.")?;
    for (k, p) in on_table.iter().enumerate() {
        writeln!(out, "{}. {}", k + 1, p.name)?;
    }
    loop {
        let Some(line) = prompt("Provision numbers, separated by spaces", end, input, out)? else {
            return Ok(None);
        };
        match numbers(&line, on_table.len()) {
            Ok(v) if (1..=8).contains(&v.len()) => {
                return Ok(Some(v.iter().map(|&k| on_table[k].id.clone()).collect()));
            }
            Ok(_) => writeln!(out, "Choose from 1 to 8 provisions.")?,
            Err(e) => writeln!(out, "{e}")?,
        }
    }
}

/// Writes the question and reads a trimmed line; None at `q` or the end of the input.
fn prompt(
    question: &str,
    end_answers: bool,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Option<String>> {
    write!(out, "{question}: ")?;
    out.flush()?;
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        writeln!(out)?;
        return Ok(None);
    }
    if end_answers {
        writeln!(out, "{}", line.trim())?;
    }
    let line = line.trim().to_string();
    if line.eq_ignore_ascii_case("q") {
        return Ok(None);
    }
    Ok(Some(line))
}

/// Distinct numbers from 1 to `n`, as indices in the order typed.
fn numbers(line: &str, n: usize) -> Result<Vec<usize>, String> {
    let mut v = Vec::new();
    for w in line.split(|c: char| c.is_whitespace() || c == ',') {
        if w.is_empty() {
            continue;
        }
        let k: usize = w
            .parse()
            .map_err(|_| format!("\"{w}\" is not a number from 1 to {n}."))?;
        if k == 0 || k > n {
            return Err(format!("{k} is not on the list: choose from 1 to {n}."));
        }
        if v.contains(&(k - 1)) {
            return Err(format!("{k} is there twice."));
        }
        v.push(k - 1);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::numbers;

    #[test]
    fn numbers_are_read_as_a_list_and_refused_with_a_reason() {
        assert_eq!(numbers("2 1", 3), Ok(vec![1, 0]));
        assert_eq!(numbers("", 3), Ok(vec![]));
        assert_eq!(numbers("1,3", 3), Ok(vec![0, 2]));
        assert!(numbers("4", 3).unwrap_err().contains("from 1 to 3"));
        assert!(numbers("0", 3).is_err());
        assert!(numbers("x", 3).unwrap_err().contains("not a number"));
        assert!(numbers("2 2", 3).unwrap_err().contains("twice"));
    }
}
