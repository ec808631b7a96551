//! Planning a turn: the hand, the draft plan, previews, submitting, and building a package of provisions.

use super::*;

impl App {
    /// The cards a side holds in this scenario, in deck order.
    pub fn hand(&self, side: SideId) -> Vec<CardIx> {
        let Some(sess) = &self.session else {
            return Vec::new();
        };
        self.db.compiled_scenarios[sess.game.state.scenario as usize].hands[side.index()].to_vec()
    }

    /// The game's current date, "YYYY-MM" (the map draws the peninsula as it stood then); the
    /// far future with no game, so that every site is drawn.
    pub fn date(&self) -> String {
        match &self.session {
            Some(sess) => {
                let s = &sess.game.state;
                s.date_of(&self.db, s.turn)
            }
            None => "9999-12".into(),
        }
    }

    /// The provisions a package may hold in this scenario, in deck order: what the package
    /// builder lists.
    pub fn provisions_on_table(&self) -> Vec<ProvIx> {
        match &self.session {
            Some(sess) => self.db.compiled_scenarios[sess.game.state.scenario as usize]
                .provisions_on_table
                .to_vec(),
            None => (0..self.db.provisions.len() as ProvIx).collect(),
        }
    }

    /// Why a card cannot go into the plan now (rules, budget, move limit), or None.
    pub fn unplayable(&self, side: SideId, card: CardIx) -> Option<String> {
        let sess = self.session.as_ref()?;
        let s = &sess.game.state;
        if let Some(r) = card_blocker(&self.db, s, side, card) {
            return Some(r);
        }
        let draft = &sess.drafts[side.index()];
        if draft.moves.iter().any(|m| m.card == card) {
            return None;
        }
        let spent: i32 = draft
            .moves
            .iter()
            .map(|m| self.db.compiled_cards[m.card as usize].cost as i32)
            .sum();
        let left = s.sides[side.index()].pc - spent;
        let cost = self.db.compiled_cards[card as usize].cost as i32;
        if cost > left {
            return Some(format!("costs {cost} PC; {left} left"));
        }
        let limit = self.db.rules.move_limit as usize;
        if draft.moves.len() >= limit {
            return Some(format!("already {limit} moves planned"));
        }
        None
    }

    pub fn draft(&self, side: SideId) -> Option<&Draft> {
        self.session.as_ref().map(|s| &s.drafts[side.index()])
    }

    /// Drops the cached card previews (they are recomputed on the next draw).
    pub fn forget_previews(&self) {
        self.preview_cache.borrow_mut().clear();
    }

    /// The likely effects of a card for `side` (cached per turn; previews cost a few resolutions).
    pub fn preview(&self, side: SideId, mv: &Move) -> Option<Preview> {
        let sess = self.session.as_ref()?;
        let s = &sess.game.state;
        if s.phase != Phase::Planning {
            return None;
        }
        let key = (s.turn, side, mv.card, mv.package.clone());
        if let Some(p) = self.preview_cache.borrow().get(&key) {
            return Some(p.clone());
        }
        let p = preview::preview(&self.db, s, side, mv);
        self.preview_cache.borrow_mut().insert(key, p.clone());
        Some(p)
    }

    pub(super) fn update_planning(&mut self, mut ui: PlanUi, a: Action) {
        let side = ui.side;
        let hand = self.hand(side);
        let nrows = self
            .session
            .as_ref()
            .map(|s| view::meter_rows(&s.game.state, Viewer::Side(side)).len())
            .unwrap_or(1)
            .max(1);
        let compact = !self.wide();
        match a {
            Action::Up | Action::Down => {
                let down = a == Action::Down;
                match ui.focus {
                    Pane::Hand => {
                        let n = hand.len().max(1);
                        ui.hand_sel = if down {
                            (ui.hand_sel + 1) % n
                        } else {
                            (ui.hand_sel + n - 1) % n
                        };
                        ui.detail_scroll = 0;
                    }
                    Pane::Meters => {
                        ui.meter_sel = if down {
                            (ui.meter_sel + 1) % nrows
                        } else {
                            (ui.meter_sel + nrows - 1) % nrows
                        };
                    }
                    Pane::Log => {
                        ui.log_scroll = if down {
                            ui.log_scroll.saturating_sub(1)
                        } else {
                            self.scrolled(ui.log_scroll, 1)
                        };
                    }
                }
            }
            Action::Home | Action::End => {
                let first = a == Action::Home;
                match ui.focus {
                    Pane::Hand => {
                        ui.hand_sel = if first {
                            0
                        } else {
                            hand.len().saturating_sub(1)
                        };
                        ui.detail_scroll = 0;
                    }
                    Pane::Meters => ui.meter_sel = if first { 0 } else { nrows - 1 },
                    Pane::Log => {
                        // The first line, once a frame has measured the log; in a burst of
                        // keys before that, far enough back for any game's log.
                        let top = match self.scroll_max.get() {
                            u16::MAX => 2000,
                            known => known,
                        };
                        ui.log_scroll = if first { top } else { 0 };
                    }
                }
            }
            Action::PageUp | Action::PageDown => {
                let up = a == Action::PageUp;
                match ui.focus {
                    Pane::Log => {
                        ui.log_scroll = if up {
                            self.scrolled(ui.log_scroll, 5)
                        } else {
                            ui.log_scroll.saturating_sub(5)
                        };
                    }
                    _ => {
                        ui.detail_scroll = if up {
                            ui.detail_scroll.saturating_sub(5)
                        } else {
                            self.scrolled(ui.detail_scroll, 5)
                        };
                    }
                }
            }
            Action::NextPane | Action::PrevPane => {
                let order = [Pane::Hand, Pane::Meters, Pane::Log];
                let i = order.iter().position(|p| *p == ui.focus).unwrap_or(0);
                let j = if a == Action::NextPane {
                    (i + 1) % 3
                } else {
                    (i + 2) % 3
                };
                ui.focus = order[j];
                if compact {
                    ui.view = match ui.focus {
                        Pane::Hand => RightView::Card,
                        Pane::Meters => RightView::Meters,
                        Pane::Log => RightView::Log,
                    };
                }
            }
            Action::Back => {
                ui.focus = Pane::Hand;
                if compact {
                    ui.view = RightView::Card;
                }
            }
            Action::CycleView => {
                let i = RightView::ALL
                    .iter()
                    .position(|v| *v == ui.view)
                    .unwrap_or(0);
                ui.view = RightView::ALL[(i + 1) % RightView::ALL.len()];
            }
            Action::ToggleChart => self.chart = !self.chart,
            Action::EditText => {
                if let Some(s) = self.session.as_mut() {
                    s.drafts[side.index()].rationale.end();
                }
                self.editing = Some(Editing::Rationale(side));
            }
            Action::Why => {
                let meter = if ui.focus == Pane::Meters {
                    ui.meter_sel
                } else {
                    0
                };
                self.screen = Screen::Planning(ui);
                self.overlay = Some(Overlay::Why { meter, scroll: 0 });
                return;
            }
            Action::Pick(i) => {
                if ui.focus == Pane::Hand && ui.hand_sel == i {
                    self.screen = Screen::Planning(ui);
                    return self.update(Action::Toggle);
                }
                ui.focus = Pane::Hand;
                ui.hand_sel = i.min(hand.len().saturating_sub(1));
                ui.detail_scroll = 0;
                if compact {
                    ui.view = RightView::Card;
                }
            }
            Action::PickMeter(i) => {
                if ui.focus == Pane::Meters && ui.meter_sel == i {
                    self.screen = Screen::Planning(ui);
                    return self.update(Action::Select);
                }
                ui.focus = Pane::Meters;
                ui.meter_sel = i.min(nrows - 1);
            }
            Action::Toggle | Action::Select => {
                if ui.focus == Pane::Meters {
                    let meter = ui.meter_sel;
                    self.screen = Screen::Planning(ui);
                    self.overlay = Some(Overlay::Why { meter, scroll: 0 });
                    return;
                }
                if ui.focus != Pane::Hand {
                    ui.focus = Pane::Hand;
                } else if let Some(card) = hand.get(ui.hand_sel).copied() {
                    self.screen = Screen::Planning(ui.clone());
                    self.toggle_card(side, card, a == Action::Select);
                    if let Screen::Planning(_) = self.screen {
                        // unchanged screen: keep the UI as it was after the toggle
                    }
                    return;
                }
            }
            Action::Submit => {
                self.screen = Screen::Planning(ui);
                self.ask_submit(side);
                return;
            }
            _ => {}
        }
        self.screen = Screen::Planning(ui);
    }

    pub(super) fn toggle_card(&mut self, side: SideId, card: CardIx, edit: bool) {
        let Some(sess) = self.session.as_mut() else {
            return;
        };
        let draft = &mut sess.drafts[side.index()];
        let chosen = matches!(
            self.db.compiled_cards[card as usize].package,
            CompiledPackage::Chosen
        );
        if let Some(i) = draft.moves.iter().position(|m| m.card == card) {
            if chosen && edit {
                let current = draft.moves[i].package.clone();
                self.open_package(side, PackFor::Card(card), current);
            } else {
                draft.moves.remove(i);
                self.status = Some(format!("Taken out: {}.", self.db.cards[card as usize].name));
            }
            return;
        }
        if let Some(why) = self.unplayable(side, card) {
            self.status = Some(format!(
                "Cannot play \"{}\": {why}.",
                self.db.cards[card as usize].name
            ));
            return;
        }
        if chosen {
            self.open_package(side, PackFor::Card(card), Vec::new());
            return;
        }
        self.add_move(side, Move::card(card));
    }

    /// Adds a move to the draft, first warning if the plan is likely to climb the ladder.
    pub(super) fn add_move(&mut self, side: SideId, mv: Move) {
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        let mut plan = sess.drafts[side.index()].moves.clone();
        plan.push(mv.clone());
        let esc = preview::escalation(&self.db, &sess.game.state, side, &plan);
        if let Some(e) = esc {
            let db = &self.db;
            let name = &db.cards[mv.card as usize].name;
            let mut lines = vec![format!("\"{name}\" is likely to raise tension.")];
            if e.to_rung > e.from_rung && e.up > e.up_without {
                lines.push(format!(
                    "In {} of {} trials the plan takes tension from {} up to {} ({} if you \
                     play nothing).",
                    e.up,
                    e.trials,
                    db.ladder[e.from_rung].name,
                    db.ladder[e.to_rung].name,
                    e.up_without
                ));
            }
            if e.brink > e.brink_without {
                lines.push(format!(
                    "In {} of {} trials it reaches the Brink, a crisis where war becomes \
                     possible ({} if you play nothing).",
                    e.brink, e.trials, e.brink_without
                ));
            }
            lines.push(format!(
                "Tension now {:.0}; after this turn about {:.0} ({:.0} if you play nothing).",
                e.tension_now, e.tension_after, e.tension_without
            ));
            lines.push("Play it anyway?".into());
            self.overlay = Some(Overlay::Confirm {
                title: "Escalation warning".into(),
                lines,
                then: Then::AddMove(mv),
                warn: true,
            });
            return;
        }
        self.push_move(mv);
    }

    pub(super) fn push_move(&mut self, mv: Move) {
        let side = match &self.screen {
            Screen::Planning(ui) => ui.side,
            _ => return,
        };
        let name = self.db.cards[mv.card as usize].name.clone();
        if let Some(sess) = self.session.as_mut() {
            let d = &mut sess.drafts[side.index()];
            match d.moves.iter_mut().find(|m| m.card == mv.card) {
                Some(m) => *m = mv,
                None => d.moves.push(mv),
            }
        }
        self.status = Some(format!("In your plan: {name}."));
    }

    pub(super) fn ask_submit(&mut self, side: SideId) {
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        let d = &sess.drafts[side.index()];
        let db = &self.db;
        let cost: i32 = d
            .moves
            .iter()
            .map(|m| db.compiled_cards[m.card as usize].cost as i32)
            .sum();
        let pc = sess.game.state.sides[side.index()].pc;
        let mut lines = Vec::new();
        if d.moves.is_empty() {
            lines.push("No moves: you pass this turn (doing nothing is not safe).".into());
        } else {
            for m in &d.moves {
                let c = &db.cards[m.card as usize];
                lines.push(format!(
                    "• {} ({} PC, {})",
                    c.name,
                    c.cost,
                    crate::tui::describe::kind_label(c.kind)
                ));
            }
            lines.push(format!("Cost {cost} of {pc} political capital."));
        }
        if d.rationale.text.trim().is_empty() {
            lines.push("No rationale given (press r on the planning screen to add one).".into());
        } else {
            lines.push(format!("Rationale: “{}”", d.rationale.text.trim()));
        }
        lines.push(format!("Submit the {side} plan?"));
        self.overlay = Some(Overlay::Confirm {
            title: format!("{side} plan"),
            lines,
            then: Then::SubmitPlan,
            warn: false,
        });
    }

    pub(super) fn submit_plan(&mut self) {
        let side = match &self.screen {
            Screen::Planning(ui) => ui.side,
            _ => return,
        };
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        let d = &sess.drafts[side.index()];
        let input = Input::Plan {
            side,
            moves: d.moves.clone(),
        };
        let rationale = Some(d.rationale.text.trim().to_string()).filter(|r| !r.is_empty());
        if self.submit(side, input, rationale) {
            if let Some(sess) = self.session.as_mut() {
                sess.drafts[side.index()] = Draft::default();
            }
            self.status = None;
            self.flow();
        }
    }

    // ---------------------------------------------------------------- packages

    pub(super) fn open_package(&mut self, side: SideId, purpose: PackFor, chosen: Vec<ProvIx>) {
        let back = Box::new(self.screen.clone());
        self.screen = Screen::Package(PackageUi {
            side,
            purpose,
            chosen,
            sel: 0,
            back,
        });
    }

    pub(super) fn update_package(&mut self, mut ui: PackageUi, a: Action) {
        // `ui.sel` is a row of the list, which holds only the provisions on the table.
        let list = self.provisions_on_table();
        let n = list.len().max(1);
        match a {
            Action::Up => ui.sel = (ui.sel + n - 1) % n,
            Action::Down => ui.sel = (ui.sel + 1) % n,
            Action::Pick(i) => {
                if ui.sel == i {
                    self.screen = Screen::Package(ui);
                    return self.update(Action::Toggle);
                }
                ui.sel = i.min(n - 1);
            }
            Action::Toggle => {
                let Some(&p) = list.get(ui.sel) else {
                    self.screen = Screen::Package(ui);
                    return;
                };
                let cp = &self.db.compiled_provisions[p as usize];
                let name = |q: ProvIx| self.db.provisions[q as usize].name.as_str();
                // A package never holds a provision beside one that includes it, as the
                // computer opponents never bundle them: the narrower one would add nothing
                // but its signing effects counted twice.
                let broader = ui
                    .chosen
                    .iter()
                    .copied()
                    .find(|q| cp.covered_by.contains(q));
                let narrower: Vec<ProvIx> = ui
                    .chosen
                    .iter()
                    .copied()
                    .filter(|q| cp.covers.contains(q))
                    .collect();
                if let Some(i) = ui.chosen.iter().position(|x| *x == p) {
                    ui.chosen.remove(i);
                } else if let Some(b) = broader {
                    self.status = Some(format!("Not added: {} already includes it.", name(b)));
                } else if ui.chosen.len() + 1 - narrower.len() > 8 {
                    self.status = Some("A package holds at most 8 provisions.".into());
                } else {
                    if !narrower.is_empty() {
                        let gone: Vec<&str> = narrower.iter().map(|q| name(*q)).collect();
                        self.status = Some(format!(
                            "Took out {}: this one includes it.",
                            gone.join(" and ")
                        ));
                        ui.chosen.retain(|q| !narrower.contains(q));
                    }
                    ui.chosen.push(p);
                }
            }
            Action::Back => {
                self.screen = *ui.back;
                return;
            }
            Action::Select => {
                if ui.chosen.is_empty() {
                    self.status = Some("Tick at least one provision (Space) first.".into());
                } else {
                    let mut pkg = ui.chosen.clone();
                    pkg.sort();
                    self.screen = *ui.back.clone();
                    match ui.purpose {
                        PackFor::Card(card) => {
                            let mv = Move {
                                card,
                                target: None,
                                package: pkg,
                            };
                            let already = self
                                .draft(ui.side)
                                .is_some_and(|d| d.moves.iter().any(|m| m.card == card));
                            if already {
                                self.push_move(mv);
                            } else {
                                self.add_move(ui.side, mv);
                            }
                        }
                        PackFor::Counter(offer) => {
                            self.answer(ui.side, offer, Response::Counter(pkg));
                        }
                    }
                    return;
                }
            }
            _ => {}
        }
        self.screen = Screen::Package(ui);
    }

    // ---------------------------------------------------------------- offers
}
