//! The one key table. Every binding lives here once, with the screen it works on, the action it
//! sends and the words that describe it; the footer and the `?` overlay are both drawn from it,
//! so what the screen says a key does is what the key does.
//!
//! The table is written in parts, one file per group of screens (`menus`, `planning`, `turn`,
//! `console`, `replay`, `everywhere`), so each screen's keys read together; `KEYS` lays the
//! parts end to end in one visible order. Here: the types, that order, and the look-ups.

mod console;
mod everywhere;
mod menus;
mod planning;
mod replay;
mod turn;

use std::sync::LazyLock;

use KeyCode as KC;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the player asked for. Keys and mouse clicks become actions; `App::update` applies them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// Enter: choose, confirm, continue.
    Select,
    /// Space: play or take back a card, tick a provision.
    Toggle,
    /// Space on a handover: the named side is at the screen.
    Ready,
    /// Esc: back out of whatever is open.
    Back,
    NextPane,
    PrevPane,
    Help,
    /// `q`: asks before leaving.
    Quit,
    /// Ctrl-C: leaves at once (the game is autosaved at every turn).
    ForceQuit,
    Yes,
    No,
    NewGame,
    Resume,
    EditText,
    RandomSeed,
    Submit,
    Why,
    ToggleChart,
    CycleView,
    Accept,
    Reject,
    Counter,
    StandFirm,
    BackDown,
    RevealAll,
    /// Typing into a text field.
    Char(char),
    Backspace,
    Delete,
    ClearText,
    Paste(String),
    /// A mouse click at a cell.
    Click(u16, u16),
    ScrollUp,
    ScrollDown,
    Resize(u16, u16),
    /// Jump the current list to this row (mouse); a second click on it chooses it.
    Pick(usize),
    /// The meter at this row of the meters panel (mouse).
    PickMeter(usize),
    /// `F`: the facilitator console (facilitator mode only).
    Console,
    /// Time passed on a running planning clock (the run loop sends it; tests send it too).
    Tick(std::time::Duration),
    /// Console: pause or resume the session.
    Pause,
    /// Console: jump to a tab (0 events, 1 free inject, 2 override, 3 session).
    Jump(usize),
    /// Console override: type the value.
    EditValue,
    /// Debrief and replay: write the after-action report.
    Report,
}

/// The screen (or overlay) a binding works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyContext {
    /// Everywhere except while typing.
    Global,
    Title,
    NewGame,
    Planning,
    /// Typing a rationale or a seed.
    Editing,
    Package,
    Respond,
    Handover,
    Resolution,
    Crisis,
    Debrief,
    Help,
    Why,
    Confirm,
    QuitConfirm,
    TooSmall,
    /// The list of saved games.
    Saves,
    /// Keys of every tab of the facilitator console.
    Console,
    ConsoleEvents,
    ConsoleFree,
    ConsoleOverride,
    ConsoleSession,
    ConsoleSummary,
    /// `brink replay`: stepping through a recorded game.
    Replay,
}

impl KeyContext {
    pub fn title(self) -> &'static str {
        match self {
            KeyContext::Global => "Everywhere",
            KeyContext::Title => "Title",
            KeyContext::NewGame => "New game",
            KeyContext::Planning => "Planning",
            KeyContext::Editing => "Typing",
            KeyContext::Package => "Agreement package",
            KeyContext::Respond => "Answering an offer",
            KeyContext::Handover => "Handover",
            KeyContext::Resolution => "Resolution",
            KeyContext::Crisis => "Brink crisis",
            KeyContext::Debrief => "Debrief",
            KeyContext::Help => "Help",
            KeyContext::Why => "Why did it move?",
            KeyContext::Confirm => "Confirm",
            KeyContext::QuitConfirm => "Quit?",
            KeyContext::TooSmall => "Terminal too small",
            KeyContext::Saves => "Saved games",
            KeyContext::Console => "Facilitator console",
            KeyContext::ConsoleEvents => "Console · inject an event",
            KeyContext::ConsoleFree => "Console · free inject",
            KeyContext::ConsoleOverride => "Console · override a number",
            KeyContext::ConsoleSession => "Console · session",
            KeyContext::ConsoleSummary => "Console · class summary",
            KeyContext::Replay => "Replay",
        }
    }

    /// A context whose keys also work here (the console's tabs share the console's keys).
    pub fn parent(self) -> Option<KeyContext> {
        match self {
            KeyContext::ConsoleEvents
            | KeyContext::ConsoleFree
            | KeyContext::ConsoleOverride
            | KeyContext::ConsoleSession
            | KeyContext::ConsoleSummary => Some(KeyContext::Console),
            _ => None,
        }
    }
}

/// A key as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySpec {
    Ch(char),
    Code(KeyCode),
    Ctrl(char),
    /// Shift-Tab (crossterm reports it as BackTab).
    BackTab,
}

impl KeySpec {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            KeySpec::Ch(c) => !ctrl && ev.code == KeyCode::Char(c),
            KeySpec::Code(code) => !ctrl && ev.code == code,
            KeySpec::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            KeySpec::BackTab => ev.code == KeyCode::BackTab,
        }
    }
}

#[derive(Clone)]
pub struct Binding {
    pub ctx: KeyContext,
    pub keys: &'static [KeySpec],
    /// How the keys are written on screen: "↑↓/jk".
    pub shown: &'static str,
    pub action: Action,
    /// A word or two for the footer; empty: the binding is only listed in help.
    pub short: &'static str,
    /// One line for the help overlay.
    pub help: &'static str,
}

const fn b(
    ctx: KeyContext,
    keys: &'static [KeySpec],
    shown: &'static str,
    action: Action,
    short: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        ctx,
        keys,
        shown,
        action,
        short,
        help,
    }
}

/// PgUp/PgDn and Home/End on a screen that scrolls one text from its top: an offer, the debrief,
/// help and WHY can all run to several screens at 80×24, and a line at a time was the only way
/// through them.
const fn paging(ctx: KeyContext) -> [Binding; 4] {
    [
        b(
            ctx,
            &[KeySpec::Code(KC::PageUp)],
            "PgUp/PgDn",
            Action::PageUp,
            "",
            "Scroll back a page",
        ),
        b(
            ctx,
            &[KeySpec::Code(KC::PageDown)],
            "",
            Action::PageDown,
            "",
            "Scroll on a page",
        ),
        b(
            ctx,
            &[KeySpec::Code(KC::Home)],
            "Home/End",
            Action::Home,
            "",
            "Scroll to the top",
        ),
        b(
            ctx,
            &[KeySpec::Code(KC::End)],
            "",
            Action::End,
            "",
            "Scroll to the end",
        ),
    ]
}

static PAGING: [[Binding; 4]; 4] = [
    paging(KeyContext::Respond),
    paging(KeyContext::Debrief),
    paging(KeyContext::Help),
    paging(KeyContext::Why),
];

/// Every key of the game: the screens' parts of the table laid end to end, in this order. Order
/// matters twice: the first binding that matches wins, and the footer lists the bindings in
/// this order.
pub static KEYS: LazyLock<Vec<Binding>> = LazyLock::new(|| {
    [
        menus::TITLE,
        menus::SAVES,
        menus::NEW_GAME,
        planning::PLANNING,
        planning::TYPING,
        planning::PACKAGE,
        turn::RESPOND,
        turn::HANDOVER,
        turn::RESOLUTION,
        turn::CRISIS,
        turn::DEBRIEF,
        console::CONSOLE,
        console::CONSOLE_EVENTS,
        console::CONSOLE_FREE,
        console::CONSOLE_OVERRIDE,
        console::CONSOLE_SESSION,
        console::CONSOLE_SUMMARY,
        replay::REPLAY,
        PAGING.as_flattened(),
        everywhere::OVERLAYS,
        everywhere::GLOBAL,
    ]
    .concat()
});

/// The action a key press means in `ctx`, if any. While typing, printable keys are text.
/// (Outside facilitator mode; see [`action_for_in`].)
pub fn action_for(ctx: KeyContext, ev: &KeyEvent) -> Option<Action> {
    action_for_in(ctx, false, ev)
}

/// Whether a binding is live: the console key only exists in facilitator mode.
fn live(b: &Binding, facilitator: bool) -> bool {
    facilitator || b.action != Action::Console
}

/// The action a key press means in `ctx`; `facilitator`: the game is in facilitator mode.
pub fn action_for_in(ctx: KeyContext, facilitator: bool, ev: &KeyEvent) -> Option<Action> {
    let find = |c: KeyContext| {
        KEYS.iter()
            .filter(|b| b.ctx == c && live(b, facilitator))
            .find(|bd| bd.keys.iter().any(|k| k.matches(ev)))
            .map(|bd| bd.action.clone())
    };
    if let Some(a) = find(ctx) {
        return Some(a);
    }
    if let Some(a) = ctx.parent().and_then(find) {
        return Some(a);
    }
    if ctx == KeyContext::Editing {
        if KeySpec::Ctrl('c').matches(ev) {
            return Some(Action::ForceQuit);
        }
        if let KeyCode::Char(c) = ev.code
            && !ev.modifiers.contains(KeyModifiers::CONTROL)
        {
            return Some(Action::Char(c));
        }
        return None;
    }
    let global_ok = !matches!(ctx, KeyContext::QuitConfirm);
    if global_ok {
        return find(KeyContext::Global);
    } else if KeySpec::Ctrl('c').matches(ev) {
        return Some(Action::ForceQuit);
    }
    None
}

/// The footer's (key, words) pairs for `ctx`, then the global ones (outside facilitator mode).
pub fn footer(ctx: KeyContext) -> Vec<(&'static str, &'static str)> {
    footer_in(ctx, false)
}

/// The footer's (key, words) pairs: the screen's, its parent's, then the global ones (a global
/// key a screen has taken for itself is not listed twice).
pub fn footer_in(ctx: KeyContext, facilitator: bool) -> Vec<(&'static str, &'static str)> {
    let shown = |c: KeyContext| {
        KEYS.iter()
            .filter(move |b| {
                b.ctx == c && !b.short.is_empty() && !b.shown.is_empty() && live(b, facilitator)
            })
            .map(|b| (b.shown, b.short))
    };
    // A tab's parent keys (the console's Tab, p, Esc) first: they matter on every tab.
    let mut v: Vec<(&str, &str)> = ctx.parent().map(|p| shown(p).collect()).unwrap_or_default();
    v.extend(shown(ctx));
    if !matches!(
        ctx,
        KeyContext::Editing | KeyContext::QuitConfirm | KeyContext::Help
    ) {
        // A global key the screen has taken for itself (q in the replay, F in the console).
        let taken = |g: &Binding| {
            KEYS.iter()
                .filter(|b| b.ctx == ctx || Some(b.ctx) == ctx.parent())
                .any(|b| b.keys.iter().any(|k| g.keys.contains(k)))
        };
        let globals: Vec<_> = KEYS
            .iter()
            .filter(|b| {
                b.ctx == KeyContext::Global
                    && !b.short.is_empty()
                    && !b.shown.is_empty()
                    && live(b, facilitator)
                    && !taken(b)
            })
            .map(|b| (b.shown, b.short))
            .collect();
        v.extend(globals);
    }
    v
}

/// The help overlay's sections (outside facilitator mode).
pub fn help(ctx: KeyContext) -> Vec<(KeyContext, Vec<(String, &'static str)>)> {
    help_in(ctx, false)
}

/// The help overlay's sections: this screen's keys, then the keys that work everywhere.
pub fn help_in(
    ctx: KeyContext,
    facilitator: bool,
) -> Vec<(KeyContext, Vec<(String, &'static str)>)> {
    let rows = |c: KeyContext| -> Vec<(String, &'static str)> {
        KEYS.iter()
            .filter(|b| b.ctx == c && live(b, facilitator))
            .map(|b| (key_names(b.keys), b.help))
            .collect()
    };
    let mut out = vec![(ctx, rows(ctx))];
    if let Some(p) = ctx.parent() {
        out.push((p, rows(p)));
    }
    if matches!(
        ctx,
        KeyContext::Planning
            | KeyContext::ConsoleEvents
            | KeyContext::ConsoleFree
            | KeyContext::ConsoleOverride
    ) {
        out.push((KeyContext::Editing, rows(KeyContext::Editing)));
    }
    // The mouse works everywhere too: one section, not a second "Everywhere" heading.
    let mut global = rows(KeyContext::Global);
    global.push((
        "mouse".to_string(),
        "Click a card, a row or a button to choose it; the wheel scrolls",
    ));
    out.push((KeyContext::Global, global));
    out
}

/// "↑ / k" for a binding's keys, for the help overlay (which lists every key, not the short form).
pub fn key_names(keys: &[KeySpec]) -> String {
    keys.iter()
        .map(|k| match k {
            KeySpec::Ch(' ') => "Space".to_string(),
            KeySpec::Ch(c) => c.to_string(),
            KeySpec::Ctrl(c) => format!("Ctrl-{c}"),
            KeySpec::BackTab => "Shift-Tab".to_string(),
            KeySpec::Code(code) => match code {
                KC::Up => "↑".into(),
                KC::Down => "↓".into(),
                KC::Left => "←".into(),
                KC::Right => "→".into(),
                KC::Enter => "Enter".into(),
                KC::Esc => "Esc".into(),
                KC::Tab => "Tab".into(),
                KC::Backspace => "Backspace".into(),
                KC::Delete => "Delete".into(),
                KC::Home => "Home".into(),
                KC::End => "End".into(),
                KC::PageUp => "PgUp".into(),
                KC::PageDown => "PgDn".into(),
                other => format!("{other:?}"),
            },
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        assert_eq!(
            action_for(KeyContext::Planning, &key(KeyCode::Char('j'))),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(KeyContext::Planning, &key(KeyCode::Down)),
            Some(Action::Down)
        );
    }

    #[test]
    fn typing_takes_letters_but_not_ctrl_c() {
        assert_eq!(
            action_for(KeyContext::Editing, &key(KeyCode::Char('q'))),
            Some(Action::Char('q'))
        );
        let cc = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            action_for(KeyContext::Editing, &cc),
            Some(Action::ForceQuit)
        );
    }

    #[test]
    fn every_context_with_keys_has_help_text() {
        for bd in KEYS.iter() {
            assert!(!bd.help.is_empty());
            assert!(!bd.keys.is_empty());
        }
    }
}
