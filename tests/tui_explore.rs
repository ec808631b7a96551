mod tui_support;
use brink::tui::keys::Action as A;
use tui_support::*;

#[test]
#[ignore]
fn explore() {
    let mut a = hanoi(120, 40, &["us", "dprk"]);
    press(&mut a, &[A::Select, A::Down, A::Down, A::Toggle]);
    press(&mut a, &[A::Submit]);
    press(&mut a, &[A::Yes]);
    press(&mut a, &[A::Select, A::Toggle]);
    press(&mut a, &[A::Submit, A::Yes]);
    press(&mut a, &[A::Select, A::Accept]);
    println!("{}", render(&a));
    press(&mut a, &[A::RevealAll]);
    println!("{}", render(&a));
    press(&mut a, &[A::Select]);
    println!("{}", render(&a));
    press(&mut a, &[A::Select]);
    a.size = (80, 24);
    println!("{}", render(&a));
}

#[test]
#[ignore]
fn esc() {
    let a = hanoi(120, 40, &["us", "dprk"]);
    let db = db();
    let s = &a.session.as_ref().unwrap().game.state;
    let side = brink::content::SideId::Dprk;
    for c in a.hand(side) {
        let mv = brink::engine::Move::card(c);
        let e = brink::tui::preview::escalation(&db, s, side, &[mv.clone()]);
        let p = brink::tui::preview::preview(&db, s, side, &mv);
        println!(
            "{} blocked={:?} esc={:?} tension={:?}",
            db.cards[c as usize].id,
            a.unplayable(side, c),
            e,
            p.main.first()
        );
    }
}
