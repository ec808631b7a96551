mod tui_support;
use brink::tui::keys::Action as A;
use tui_support::*;

#[test]
#[ignore]
fn explore() {
    let mut a = hanoi(160, 48, &["us", "dprk"]);
    println!("{}", render(&a));
    press(&mut a, &[A::Select]);
    println!("{}", render(&a));
    a.size = (80, 24);
    println!("{}", render(&a));
}
