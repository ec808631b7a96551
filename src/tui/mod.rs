//! The terminal exercise: a class plays at one screen from the first turn to the debrief.
//!
//! Elm-style: a terminal event becomes an [`keys::Action`] through the one key table,
//! [`app::App::update`] applies it, and [`ui::render`] draws the app without changing it.
//! The terminal itself is only touched here: raw mode, the alternate screen, mouse capture and
//! bracketed paste are switched on in [`run`] and always switched off again, on a normal exit, on
//! an error and on a panic.
//!
//! - `app`: screens, the game in progress, `update`. `keys`: the key table (footer and help).
//! - `facilitator`: the white cell's console (`F`), pause, undo, reveal, the planning clock.
//! - `replay`: `brink replay`, stepping through a recorded game.
//! - `ui`: one file per screen. `theme`: styles from `assets/themes/*.ron`.
//! - `view`: what each viewer may see; the story of a turn. `preview`: a card's likely effects.
//! - `map`, `seats`, `describe`, `text_input`: the peninsula, who plays, cards in words, typing.
//! - `text`: the one text layout (display width; wrap or ellipsis, never a silent cut).
//! - `think`: computer seats decide on a worker thread while the screen stays live.
//!
//! Environment: `NO_COLOR` (monochrome), `BRINK_THEME` (dark, light, mono), `BRINK_SEATS`
//! (the human sides for games started with `--scenario`, e.g. `us,dprk`, `all`),
//! `BRINK_DATA_DIR` (the data folder: autosaves in `saves/`, reports in `reports/`),
//! `BRINK_NO_MOUSE` (leave the mouse to the terminal).

pub mod app;
pub mod describe;
pub mod facilitator;
pub mod keys;
pub mod map;
pub mod preview;
pub mod replay;
pub mod resume;
pub mod seats;
pub mod signals;
pub mod text;
pub mod text_input;
pub mod theme;
pub mod think;
pub mod ui;
pub mod view;

use std::io::stdout;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyCode, KeyEventKind, KeyModifiers,
};
use ratatui::crossterm::execute;

use crate::content::ContentDb;
use crate::engine::Game;

pub use app::App;
pub use theme::Theme;

/// How `brink` / `brink play` opens the game.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Start this scenario at once, skipping the title and new-game screens.
    pub scenario: Option<String>,
    pub seed: Option<u64>,
    /// Continue a saved game record.
    pub load: Option<PathBuf>,
    /// Computer players named on the command line (`brink play --policy`).
    pub seating: Seating,
}

/// Seats given on the command line: a persona or an agent program (`exec:`) per side, and how
/// agent programs are run. They replace the scenario's default seats.
#[derive(Debug, Clone, Default)]
pub struct Seating {
    pub policies: [Option<String>; 5],
    pub agents: crate::agent::AgentOptions,
}

/// Where autosaves live: `<data dir>/saves` (see `save::saves_dir`).
pub fn save_dir() -> Option<PathBuf> {
    crate::save::saves_dir()
}

pub fn fresh_seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7);
    (t ^ (t >> 17)).wrapping_mul(0x2545_F491_4F6C_DD1D) % 1_000_000
}

/// Opens the game in the terminal and runs it until the players quit.
pub fn run(db: Arc<ContentDb>, opts: Options) -> anyhow::Result<()> {
    let mut app = prepare(db, &opts)?;
    with_terminal(|t| event_loop(t, &mut app))?;
    unsaved_at_exit(&app).map_or(Ok(()), |e| Err(anyhow::anyhow!(e)))
}

/// Left with a game whose last autosave failed (even the one tried on quitting): the sentence
/// the command line prints, so nobody believes the game is safe and `brink resume` current.
pub fn unsaved_at_exit(app: &App) -> Option<String> {
    let sess = app.session.as_ref()?;
    let err = app.save_error.as_ref()?;
    let last = match &app.last_save {
        Some(p) => format!(
            "`brink resume` offers the last save that worked ({}), not turn {} where you stopped",
            p.display(),
            sess.game.state.turn
        ),
        None => "no save of it exists".to_string(),
    };
    Some(format!(
        "the game was not saved: {}; {last}",
        err.trim_end_matches('.')
    ))
}

/// Builds the app for these options without touching the terminal (errors are plain sentences
/// the command line prints).
pub fn prepare(db: Arc<ContentDb>, opts: &Options) -> anyhow::Result<App> {
    let theme = Theme::from_env();
    let seed = opts.seed.unwrap_or_else(fresh_seed);
    let mut app = App::new(db, theme, seed);
    app.form.seed_fixed = opts.seed.is_some();
    app.data_dir = crate::save::data_dir();
    app.persist = true;
    app.seating = opts.seating.clone();
    app.reset_seats();
    app.refresh_saves();
    if let Some(path) = &opts.load {
        app.load_record(path).map_err(|e| anyhow::anyhow!(e))?;
    } else if let Some(sc) = &opts.scenario {
        let seats = app.default_seats(sc);
        app.start_game(sc, seed, seats);
        if app.session.is_none() {
            anyhow::bail!(
                app.status
                    .clone()
                    .unwrap_or_else(|| format!("cannot start \"{sc}\""))
            );
        }
    }
    Ok(app)
}

/// Opens a recorded game to step through: input by input or turn by turn, forward and back,
/// with the state, the map, the log and WHY as they were at that point (and the debrief).
pub fn run_replay(db: Arc<ContentDb>, game: Game) -> anyhow::Result<()> {
    let mut app = replay_app(db, game);
    with_terminal(|t| event_loop(t, &mut app))
}

/// The replay viewer's app, without a terminal.
pub fn replay_app(db: Arc<ContentDb>, game: Game) -> App {
    let mut app = App::new(db, Theme::from_env(), game.state.seed);
    app.data_dir = crate::save::data_dir();
    app.open_replay(game);
    app
}

/// Runs `f` with the terminal in game mode, and puts it back however `f` ends.
fn with_terminal<R>(
    f: impl FnOnce(&mut DefaultTerminal) -> anyhow::Result<R>,
) -> anyhow::Result<R> {
    if theme::no_color() {
        // crossterm 0.29 answers NO_COLOR by emitting a bare reset that also wipes reverse and
        // bold (research §2.4); the mono theme has no colours, so forcing output is safe.
        ratatui::crossterm::style::force_color_output(true);
    }
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    enter_extras();
    // ratatui's hook restores raw mode and the screen; ours first gives the mouse back. A
    // computer player's worker panicking is caught there and shown in the game, so for those
    // the screen stays as it is and nothing is printed over it.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if think::is_worker() {
            think::note_panic(info);
            return;
        }
        let _ = execute!(
            stdout(),
            DisableMouseCapture,
            DisableBracketedPaste,
            ratatui::crossterm::cursor::Show
        );
        previous(info);
    }));
    // SIGTERM, SIGHUP, SIGTSTP and the like put the terminal back too (see `signals`).
    let guard = signals::Guard::install(restore, reenter);
    let result = f(&mut terminal);
    drop(guard);
    restore();
    let _ = std::panic::take_hook();
    result
}

/// Mouse capture (unless BRINK_NO_MOUSE) and bracketed paste, on top of ratatui's raw mode and
/// alternate screen.
fn enter_extras() {
    let mouse = std::env::var_os("BRINK_NO_MOUSE").is_none();
    let _ = if mouse {
        execute!(stdout(), EnableMouseCapture, EnableBracketedPaste)
    } else {
        execute!(stdout(), EnableBracketedPaste)
    };
}

/// Takes the terminal again after a suspend: raw mode, the alternate screen, the extras. The
/// next frame is drawn whole (`signals::take_redraw`).
fn reenter() {
    let _ = ratatui::crossterm::terminal::enable_raw_mode();
    let _ = execute!(
        stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen,
        ratatui::crossterm::cursor::Hide
    );
    enter_extras();
}

/// Puts the terminal back as it was: no mouse capture or bracketed paste, cooked mode, the main
/// screen, the cursor shown. Safe to call twice, and from the signal thread.
fn restore() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    let _ = execute!(stdout(), ratatui::crossterm::cursor::Show);
}

/// Ctrl-Z, as raw mode delivers it (a key, not a signal).
fn is_suspend_key(ev: &Event) -> bool {
    matches!(ev, Event::Key(k) if k.kind == KeyEventKind::Press
        && k.code == KeyCode::Char('z')
        && k.modifiers.contains(KeyModifiers::CONTROL))
}

/// How often the screen is drawn while a computer thinks (its spinner), and the longest a key
/// waits then.
const FRAME: Duration = Duration::from_millis(50);

/// Take in the computers' answers, draw, wait for an event, update; repeat. Blocks on
/// `event::read` when nothing is going on, so an idle screen costs nothing. While a computer
/// thinks it waits on the worker's answer a frame at a time instead (keys are read between
/// frames); while a planning clock runs it wakes up once a second to tick it.
fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> anyhow::Result<()> {
    let mut last_tick: Option<Instant> = None;
    if let Ok(sz) = terminal.size() {
        app.size = (sz.width, sz.height);
    }
    // Test hooks: the restore-on-panic tests ask for a panic once the game is on screen, or in
    // every computer player's worker (`ai`).
    let crash = std::env::var("BRINK_CRASH_TEST").ok();
    app.thinker.crash_test = crash.as_deref() == Some("ai");
    let crash = crash.is_some() && !app.thinker.crash_test;
    loop {
        app.pump_ai();
        if signals::take_redraw() {
            // Back from a suspend: the terminal's screen is blank or stale. `resize` clears it
            // and forgets the last frame without asking the terminal where its cursor is
            // (`clear` does, and not every terminal answers).
            let size = terminal.size()?;
            terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
        }
        terminal.draw(|f| ui::render(app, f))?;
        if crash {
            panic!("BRINK_CRASH_TEST: a deliberate panic to test the terminal restore");
        }
        if app.quit {
            return Ok(());
        }
        if let Some(why) = app.agent_failure.take() {
            // An agent program died: the game stops where it is, kept as an autosave.
            app.cancel_ai();
            app.autosave();
            let kept = match (&app.last_save, &app.save_error) {
                (Some(p), None) => format!("the game is kept in {}", p.display()),
                (_, Some(e)) => format!("the game could not be kept: {e}"),
                _ => "the game could not be kept".to_string(),
            };
            anyhow::bail!("{why}; {kept} (`brink resume` continues it)");
        }
        let busy = app.ai_busy();
        let clock = app.clock_running();
        if !busy && !clock {
            last_tick = None;
            let ev = event::read()?;
            if is_suspend_key(&ev) {
                signals::suspend(restore, reenter);
                continue;
            }
            if let Some(a) = app.action_for_event(&ev) {
                app.update(a);
            }
            continue;
        }
        let since = clock.then(|| *last_tick.get_or_insert_with(Instant::now));
        let ready = if busy {
            // A key already waiting goes first (it may cancel the job); otherwise wait on the
            // worker, so its answer is taken the moment it comes.
            let wait = if clock {
                app.next_tick().min(FRAME)
            } else {
                FRAME
            };
            event::poll(Duration::ZERO)? || {
                app.wait_ai_for(wait);
                event::poll(Duration::ZERO)?
            }
        } else {
            event::poll(app.next_tick())?
        };
        // The time that passed counts before the key that may stop the clock.
        match since {
            Some(since) => {
                let now = Instant::now();
                app.update(keys::Action::Tick(now - since));
                last_tick = Some(now);
            }
            None => last_tick = None,
        }
        if ready {
            let ev = event::read()?;
            if is_suspend_key(&ev) {
                signals::suspend(restore, reenter);
                continue;
            }
            if let Some(a) = app.action_for_event(&ev) {
                app.update(a);
            }
        }
    }
}
