//! The terminal and job-control signals while a screen is up.
//!
//! - SIGTERM, SIGHUP, SIGINT, SIGQUIT (a `kill`, a closed terminal window): the terminal is put
//!   back (main screen, cursor, no mouse capture or bracketed paste, cooked mode), then the signal
//!   takes its usual course. The game is safe: it is autosaved after every phase.
//! - SIGTSTP (`kill -TSTP`, a shell's job control) and Ctrl-Z (which raw mode delivers as a key,
//!   see [`suspend`]): the terminal is put back and the process stops; on `fg` (SIGCONT) it takes
//!   the terminal again and redraws the whole screen.
//!
//! Signals arrive on a thread of their own (signal-hook's iterator): the restore runs there, not in
//! a signal handler, so it may write and lock like any code.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set when the screen must be drawn again from scratch (after a suspend).
static REDRAW: AtomicBool = AtomicBool::new(false);

/// Whether the screen must be cleared and drawn whole before the next frame; clears the flag.
pub fn take_redraw() -> bool {
    REDRAW.swap(false, Ordering::SeqCst)
}

/// Listens for the signals above until dropped.
pub struct Guard {
    #[cfg(unix)]
    handle: Option<signal_hook::iterator::Handle>,
    #[cfg(unix)]
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Guard {
    /// Starts listening. `leave` puts the terminal back; `enter` takes it again.
    #[cfg(unix)]
    pub fn install(leave: fn(), enter: fn()) -> Guard {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
        let Ok(mut signals) =
            signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])
        else {
            return Guard {
                handle: None,
                thread: None,
            };
        };
        let handle = signals.handle();
        let thread = std::thread::Builder::new()
            .name("brink-signals".into())
            .spawn(move || {
                for sig in signals.forever() {
                    if sig == SIGTSTP {
                        stop_and_continue(leave, enter);
                    } else {
                        leave();
                        // The default action: the process ends by this signal, as a shell
                        // expects (exit status 128 + n).
                        let _ = signal_hook::low_level::emulate_default_handler(sig);
                        std::process::exit(128 + sig);
                    }
                }
            })
            .ok();
        Guard {
            handle: Some(handle),
            thread,
        }
    }

    #[cfg(not(unix))]
    pub fn install(_leave: fn(), _enter: fn()) -> Guard {
        Guard {}
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            if let Some(h) = self.handle.take() {
                h.close();
            }
            if let Some(t) = self.thread.take() {
                let _ = t.join();
            }
        }
    }
}

/// Puts the terminal back, stops the process, and on continuing takes the terminal again and asks
/// for a full redraw.
#[cfg(unix)]
fn stop_and_continue(leave: fn(), enter: fn()) {
    leave();
    // Stops here until SIGCONT (`fg`, `bg`, `kill -CONT`).
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
    enter();
    REDRAW.store(true, Ordering::SeqCst);
    // Wakes the event loop, which may be blocked reading a key: the terminal library reads
    // SIGWINCH as a resize event, and the loop then draws the whole screen.
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGWINCH);
}

/// Ctrl-Z from the keyboard (raw mode turns it into a key, so the terminal does not stop us):
/// suspend as a shell user expects. Returns once the process is continued, the terminal taken
/// again and a redraw asked for.
pub fn suspend(leave: fn(), enter: fn()) {
    #[cfg(unix)]
    stop_and_continue(leave, enter);
    #[cfg(not(unix))]
    let _ = (leave, enter);
}
