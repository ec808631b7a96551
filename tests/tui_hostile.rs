//! The screens under hostile conditions: a save that fails is never called a save.

mod tui_support;

use brink::tui::app::Screen;
use brink::tui::keys::Action as A;
use tui_support::*;

#[test]
fn quitting_after_a_failed_save_does_not_say_autosaved() {
    let mut a = hanoi(100, 30, &["us"]);
    let tmp = tempfile::tempdir().expect("tmp");
    // The data folder is a file: nothing can be written under it (as a full disk).
    let blocker = tmp.path().join("blocker");
    std::fs::write(&blocker, "x").expect("write");
    a.data_dir = Some(blocker);
    a.persist = true;
    a.handle(A::Submit);
    a.handle(A::Yes);
    assert!(matches!(a.screen, Screen::Resolution(_)));
    assert!(a.save_error.is_some());
    a.handle(A::Quit);
    let text = render(&a);
    assert!(!text.contains("autosaved"), "{text}");
    assert!(text.contains("NOT saved"), "{text}");
    // Leaving anyway: the save on quitting fails too, and the command line is told.
    a.handle(A::Yes);
    assert!(a.quit);
    let said = brink::tui::unsaved_at_exit(&a).expect("a sentence for the command line");
    assert!(said.contains("the game was not saved"), "{said}");
    assert!(said.contains("no save of it exists"), "{said}");
}

#[test]
fn quitting_after_a_good_save_says_autosaved() {
    let mut a = hanoi(100, 30, &["us"]);
    let tmp = tempfile::tempdir().expect("tmp");
    a.data_dir = Some(tmp.path().to_path_buf());
    a.persist = true;
    a.handle(A::Submit);
    a.handle(A::Yes);
    a.handle(A::Quit);
    let text = render(&a);
    assert!(text.contains("autosaved"), "{text}");
    a.handle(A::Yes);
    assert!(brink::tui::unsaved_at_exit(&a).is_none());
}

#[test]
fn a_data_folder_that_is_a_file_is_said_on_the_title() {
    let mut a = app(100, 30);
    let tmp = tempfile::tempdir().expect("tmp");
    let blocker = tmp.path().join("blocker");
    std::fs::write(&blocker, "x").expect("write");
    a.data_dir = Some(blocker);
    a.persist = true;
    a.refresh_saves();
    let status = a.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("Cannot read the saves folder"),
        "{status}"
    );
}
