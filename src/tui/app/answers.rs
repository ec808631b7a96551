//! Answering offers, reading the resolution, the brink crisis and the debrief.

use super::*;

impl App {
    /// The offer a respond screen is about.
    pub fn offer(&self, id: u16) -> Option<&crate::engine::state::Offer> {
        self.session
            .as_ref()?
            .game
            .state
            .offers
            .iter()
            .find(|o| o.id == id)
    }

    /// The answers open for an offer: accept, reject, and counter only in the first round for
    /// offers that carry a package.
    pub fn can_counter(&self, id: u16) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| crate::engine::decision::counter_allowed(&s.game.state, id))
    }

    pub(super) fn update_respond(&mut self, mut ui: RespondUi, a: Action) {
        if let Some(scroll) = self.scroll_key(ui.scroll, &a) {
            ui.scroll = scroll;
            self.screen = Screen::Respond(ui);
            return;
        }
        let n = if self.can_counter(ui.offer) { 3 } else { 2 };
        // a, x and c choose an answer, as the arrows do; only Enter gives it.
        match a {
            Action::Left => ui.sel = Some(ui.sel.map_or(0, |i| (i + n - 1) % n)),
            Action::Right => ui.sel = Some(ui.sel.map_or(0, |i| (i + 1) % n)),
            Action::Accept => ui.sel = Some(0),
            Action::Reject => ui.sel = Some(1),
            Action::Counter => {
                if n == 3 {
                    ui.sel = Some(2);
                } else {
                    self.status = Some(
                        "This offer cannot be countered (only first-round packages can).".into(),
                    );
                }
            }
            Action::EditText => {
                self.screen = Screen::Respond(ui.clone());
                self.editing = Some(Editing::Rationale(ui.side));
                return;
            }
            // A click chooses a button; a click on the chosen one gives the answer.
            Action::Pick(i) => {
                let i = i.min(n - 1);
                if ui.sel == Some(i) {
                    self.screen = Screen::Respond(ui);
                    return self.update(Action::Select);
                }
                ui.sel = Some(i);
            }
            Action::Select => match ui.sel {
                Some(0) => return self.answer(ui.side, ui.offer, Response::Accept),
                Some(1) => return self.answer(ui.side, ui.offer, Response::Reject),
                Some(_) => return self.counter(ui),
                None => {
                    self.status = Some(
                        "Choose an answer first (a accept, x reject), then Enter to give it."
                            .into(),
                    )
                }
            },
            _ => {}
        }
        self.screen = Screen::Respond(ui);
    }

    pub(super) fn counter(&mut self, ui: RespondUi) {
        if !self.can_counter(ui.offer) {
            self.status =
                Some("This offer cannot be countered (only first-round packages can).".into());
            self.screen = Screen::Respond(ui);
            return;
        }
        let pkg = self
            .offer(ui.offer)
            .map(|o| o.package.clone())
            .unwrap_or_default();
        let (side, offer) = (ui.side, ui.offer);
        self.screen = Screen::Respond(ui);
        self.open_package(side, PackFor::Counter(offer), pkg);
    }

    pub(super) fn answer(&mut self, side: SideId, offer: u16, response: Response) {
        let rationale = self
            .session
            .as_ref()
            .map(|s| s.drafts[side.index()].rationale.text.trim().to_string())
            .filter(|r| !r.is_empty());
        let input = Input::Respond {
            side,
            offer,
            response,
        };
        if self.submit(side, input, rationale) {
            if let Some(s) = self.session.as_mut() {
                s.drafts[side.index()].rationale.clear();
            }
            self.flow();
        }
    }

    // ---------------------------------------------------------------- resolution, crisis, end

    pub(super) fn update_resolution(&mut self, mut ui: ResultsUi, a: Action) {
        let n = ui.steps.len();
        if ui.summary {
            ui.scroll = ui.scroll.min(self.scroll_max.get());
            match a {
                // The steps on demand, from the first (or all at once).
                // The summary opened at its top (scrolled back all the way); the steps are
                // read from their newest, at the bottom.
                Action::Right => {
                    ui.summary = false;
                    ui.shown = 1.min(n);
                    ui.scroll = 0;
                }
                Action::RevealAll => {
                    ui.summary = false;
                    ui.shown = n;
                    ui.scroll = 0;
                }
                Action::Select | Action::Pick(_) => return self.route(),
                Action::Up => ui.scroll = self.scrolled(ui.scroll, 1),
                Action::Down => ui.scroll = ui.scroll.saturating_sub(1),
                _ => {}
            }
            self.screen = Screen::Resolution(ui);
            return;
        }
        match a {
            Action::Right => {
                ui.shown = (ui.shown + 1).min(n);
                ui.scroll = 0;
            }
            Action::Left => {
                ui.shown = ui.shown.saturating_sub(1).max(1.min(n));
                ui.scroll = 0;
            }
            Action::RevealAll => {
                ui.shown = n;
                ui.scroll = 0;
            }
            Action::Up => ui.scroll = self.scrolled(ui.scroll, 1),
            Action::Down => ui.scroll = ui.scroll.saturating_sub(1),
            // A page is the screen less its frame; the next frame stops it at the first line.
            Action::PageUp => ui.scroll = self.scrolled(ui.scroll, self.page_lines()),
            Action::PageDown => ui.scroll = ui.scroll.saturating_sub(self.page_lines()),
            Action::Home => ui.scroll = self.scrolled(ui.scroll, u16::MAX),
            Action::Select | Action::Pick(_) => {
                if ui.shown < n {
                    ui.shown += 1;
                    ui.scroll = 0;
                } else {
                    self.route();
                    return;
                }
            }
            _ => {}
        }
        self.screen = Screen::Resolution(ui);
    }

    pub(super) fn update_crisis(&mut self, mut ui: CrisisUi, a: Action) {
        // f and b choose, as the arrows do; only Enter commits the choice.
        match a {
            Action::Left | Action::Right | Action::Up | Action::Down => {
                ui.sel = Some(ui.sel.map_or(0, |i| 1 - i.min(1)))
            }
            Action::StandFirm => ui.sel = Some(0),
            Action::BackDown => ui.sel = Some(1),
            Action::Pick(i) => {
                let i = i.min(1);
                if ui.sel == Some(i) {
                    self.screen = Screen::Crisis(ui);
                    return self.update(Action::Select);
                }
                ui.sel = Some(i);
            }
            Action::EditText => {
                self.screen = Screen::Crisis(ui.clone());
                self.editing = Some(Editing::Rationale(ui.side));
                return;
            }
            Action::Select => {
                let choice = match ui.sel {
                    Some(0) => CrisisChoice::StandFirm,
                    Some(_) => CrisisChoice::BackDown,
                    None => {
                        self.status = Some(
                            "Choose first (f stand firm, b back down), then Enter to confirm."
                                .into(),
                        );
                        self.screen = Screen::Crisis(ui);
                        return;
                    }
                };
                let side = ui.side;
                let rationale = self
                    .session
                    .as_ref()
                    .map(|s| s.drafts[side.index()].rationale.text.trim().to_string())
                    .filter(|r| !r.is_empty());
                self.screen = Screen::Crisis(ui);
                if self.submit(side, Input::Crisis { side, choice }, rationale) {
                    if let Some(s) = self.session.as_mut() {
                        s.drafts[side.index()].rationale.clear();
                    }
                    self.flow();
                }
                return;
            }
            _ => {}
        }
        self.screen = Screen::Crisis(ui);
    }

    pub(super) fn update_debrief(&mut self, mut ui: DebriefUi, a: Action) {
        if let Some(scroll) = self.scroll_key(ui.scroll, &a) {
            ui.scroll = scroll;
            self.screen = Screen::Debrief(ui);
            return;
        }
        let n = DEBRIEF_SECTIONS.len();
        match a {
            Action::NextPane => {
                ui.section = (ui.section + 1) % n;
                ui.scroll = 0;
            }
            Action::PrevPane => {
                ui.section = (ui.section + n - 1) % n;
                ui.scroll = 0;
            }
            Action::Pick(i) => {
                ui.section = i.min(n - 1);
                ui.scroll = 0;
            }
            Action::Report => ui.report = Some(self.write_report()),
            Action::Select => {
                if self.replay.is_some() {
                    self.screen = Screen::Replay(ReplayUi::default());
                } else {
                    self.to_title();
                }
                return;
            }
            _ => {}
        }
        self.screen = Screen::Debrief(ui);
    }
}
