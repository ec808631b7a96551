//! The title, the saved games and the new-game form: choosing what to play.

use super::*;

impl App {
    /// The title menu: (label, available).
    pub fn title_items(&self) -> Vec<(&'static str, bool)> {
        vec![
            ("New game", true),
            ("Resume a saved game", !self.saves.is_empty()),
            ("Quit", true),
        ]
    }

    /// The autosaves folder: `<data>/saves`.
    pub fn saves_dir(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("saves"))
    }

    /// Reads the saves folder again (the title's Resume lists it).
    pub fn refresh_saves(&mut self) {
        let listing = match self.saves_dir() {
            Some(d) if self.persist => save::scan_dir(&d),
            _ => save::Listing::default(),
        };
        self.saves = listing.saves;
        self.unreadable = listing.skipped.len();
        // A saves folder that cannot be read (the data folder is a file) is said, not shown as
        // an empty list.
        if let Some(problem) = listing.problem {
            self.status = Some(capitalise(&problem) + ".");
        }
    }

    /// Back to the title, with the list of saves read again.
    pub fn to_title(&mut self) {
        self.cancel_ai();
        self.session = None;
        self.replay = None;
        self.overlay = None;
        self.editing = None;
        self.ai_due = false;
        self.at_screen = None;
        self.screen = Screen::Title;
        self.title_sel = 0;
        self.refresh_saves();
    }

    pub(super) fn update_title(&mut self, a: Action) {
        let n = self.title_items().len();
        match a {
            Action::Up => self.title_sel = (self.title_sel + n - 1) % n,
            Action::Down => self.title_sel = (self.title_sel + 1) % n,
            Action::Pick(i) => {
                self.title_sel = i.min(n - 1);
                self.update_title(Action::Select);
            }
            Action::NewGame => self.open_new_game(),
            Action::Resume => self.open_saves(),
            Action::Select => match self.title_sel {
                0 => self.open_new_game(),
                1 => self.open_saves(),
                _ => self.overlay = Some(Overlay::Quit),
            },
            _ => {}
        }
    }

    pub(super) fn open_saves(&mut self) {
        self.refresh_saves();
        if self.saves.is_empty() {
            self.status = Some(if self.unreadable > 0 {
                format!(
                    "There is no saved game to resume ({} file{} in the saves folder cannot be read).",
                    self.unreadable,
                    if self.unreadable == 1 { "" } else { "s" }
                )
            } else {
                "There is no saved game yet.".into()
            });
            return;
        }
        self.screen = Screen::Saves(SavesUi::default());
    }

    pub(super) fn update_saves(&mut self, mut ui: SavesUi, a: Action) {
        let n = self.saves.len().max(1);
        match a {
            Action::Up => ui.sel = (ui.sel + n - 1) % n,
            Action::Down => ui.sel = (ui.sel + 1) % n,
            Action::Home => ui.sel = 0,
            Action::End => ui.sel = n - 1,
            Action::Back => {
                self.screen = Screen::Title;
                return;
            }
            Action::Pick(i) => {
                if ui.sel == i {
                    self.screen = Screen::Saves(ui);
                    return self.update(Action::Select);
                }
                ui.sel = i.min(n - 1);
            }
            Action::Select => {
                if let Some(info) = self.saves.get(ui.sel).cloned() {
                    match self.load_record(&info.path) {
                        Ok(()) => return,
                        Err(e) => ui.error = Some(e),
                    }
                }
            }
            _ => {}
        }
        self.screen = Screen::Saves(ui);
    }

    pub(super) fn open_new_game(&mut self) {
        if self.form.seed_used && !self.form.seed_fixed {
            let cur: u64 = self.form.seed.text.parse().unwrap_or(0);
            self.form.seed.set(&(splitmix(cur) % 1_000_000).to_string());
        }
        self.form.seed_used = false;
        self.form.field = Field::Scenario;
        self.reset_seats();
        self.screen = Screen::NewGame;
    }

    /// Scenario indexes in the order the new-game screen lists them: by date.
    pub fn scenario_order(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.db.scenarios.len()).collect();
        v.sort_by(|a, b| {
            let (x, y) = (&self.db.scenarios[*a], &self.db.scenarios[*b]);
            x.start.cmp(&y.start).then(x.title.cmp(&y.title))
        });
        v
    }

    /// How many turns the game in progress runs: its class length, else the scenario's.
    pub fn game_turns(&self) -> u16 {
        let Some(sess) = &self.session else { return 0 };
        // The engine's: a class length ends the game there (`GameState::turns`).
        sess.game.state.turns
    }

    /// The game lengths the form offers for its scenario: the whole game first, then the
    /// shorter class lengths the scenario lists.
    pub fn form_lengths(&self) -> Vec<ClassLength> {
        let Some(s) = self.db.scenarios.get(self.form.scenario) else {
            return vec![ClassLength {
                turns: 12,
                months: 1,
            }];
        };
        let whole = ClassLength {
            turns: s.turns,
            months: s.turn_months.max(1),
        };
        let mut v = vec![whole];
        v.extend(s.class_turns.iter().copied().filter(|c| *c != whole));
        v
    }

    /// The sides of the scenario selected in the form, in resolution order.
    pub fn form_sides(&self) -> Vec<SideId> {
        let Some(s) = self.db.scenarios.get(self.form.scenario) else {
            return Vec::new();
        };
        SideId::ALL
            .into_iter()
            .filter(|x| s.sides.iter().any(|ss| ss.side == *x))
            .collect()
    }

    pub(crate) fn reset_seats(&mut self) {
        let Some(sc) = self.db.scenarios.get(self.form.scenario) else {
            return;
        };
        let id = sc.id.clone();
        for side in SideId::ALL {
            self.form.seats[side.index()] = self.default_seat(&id, side);
        }
        self.form.seat_sel = 0;
        self.form.length = 0;
    }

    /// Turns facilitator mode on or off (off also stops the timer, which belongs to it).
    pub(super) fn set_form_facilitator(&mut self, on: bool) {
        self.form.facilitator = on;
        if !on {
            self.form.timer = 0;
        }
    }

    /// Steps the planning timer through its choices (a timer needs facilitator mode).
    pub(super) fn step_form_timer(&mut self, forward: bool) {
        let n = TIMER_CHOICES.len();
        self.form.timer = if forward {
            (self.form.timer + 1) % n
        } else {
            (self.form.timer + n - 1) % n
        };
        if TIMER_CHOICES[self.form.timer] > 0 && !self.form.facilitator {
            self.form.facilitator = true;
            self.status = Some(
                "The planning timer comes with facilitator mode, so the console can pause it."
                    .into(),
            );
        }
    }

    pub(super) fn update_new_game(&mut self, a: Action) {
        let nsc = self.db.scenarios.len().max(1);
        let sides = self.form_sides();
        match a {
            Action::Back => self.screen = Screen::Title,
            Action::PageDown => self.form.brief_scroll = self.scrolled(self.form.brief_scroll, 5),
            Action::PageUp => self.form.brief_scroll = self.form.brief_scroll.saturating_sub(5),
            Action::NextPane | Action::PrevPane => {
                let order = Field::ORDER;
                let n = order.len();
                let i = order
                    .iter()
                    .position(|f| *f == self.form.field)
                    .unwrap_or(0);
                let j = if a == Action::NextPane {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.form.field = order[j];
            }
            Action::Up | Action::Down => {
                let down = a == Action::Down;
                match self.form.field {
                    Field::Scenario => {
                        let order = self.scenario_order();
                        let i = order
                            .iter()
                            .position(|x| *x == self.form.scenario)
                            .unwrap_or(0);
                        let j = if down {
                            (i + 1) % nsc
                        } else {
                            (i + nsc - 1) % nsc
                        };
                        self.form.scenario = order[j.min(order.len().saturating_sub(1))];
                        self.form.brief_scroll = 0;
                        self.reset_seats();
                    }
                    Field::Seats => {
                        let n = sides.len().max(1);
                        self.form.seat_sel = if down {
                            (self.form.seat_sel + 1) % n
                        } else {
                            (self.form.seat_sel + n - 1) % n
                        };
                    }
                    // The right-hand panel: seed, length, facilitator, timer, start.
                    f => {
                        let col = [
                            Field::Seed,
                            Field::Length,
                            Field::Facilitator,
                            Field::Timer,
                            Field::Start,
                        ];
                        let i = col.iter().position(|x| *x == f).unwrap_or(0);
                        let j = if down {
                            (i + 1).min(col.len() - 1)
                        } else {
                            i.saturating_sub(1)
                        };
                        self.form.field = col[j];
                    }
                }
            }
            Action::Left | Action::Right | Action::Toggle => {
                let fwd = a != Action::Left;
                match self.form.field {
                    Field::Facilitator => {
                        let on = !self.form.facilitator;
                        self.set_form_facilitator(on);
                        return;
                    }
                    Field::Timer => {
                        self.step_form_timer(fwd);
                        return;
                    }
                    Field::Length => {
                        let n = self.form_lengths().len().max(1);
                        self.form.length = if fwd {
                            (self.form.length + 1) % n
                        } else {
                            (self.form.length + n - 1) % n
                        };
                        return;
                    }
                    Field::Scenario => self.form.field = Field::Seats,
                    _ => {}
                }
                if self.form.field == Field::Seats
                    && let Some(side) = sides.get(self.form.seat_sel).copied()
                {
                    let scenario = self
                        .db
                        .scenarios
                        .get(self.form.scenario)
                        .map_or("", |s| s.id.as_str());
                    let choices = seats::choices(&self.db, scenario, side);
                    let cur = &self.form.seats[side.index()];
                    let i = choices.iter().position(|c| c == cur).unwrap_or(0);
                    let n = choices.len();
                    let j = if a == Action::Left {
                        (i + n - 1) % n
                    } else {
                        (i + 1) % n
                    };
                    self.form.seats[side.index()] = choices[j].clone();
                }
            }
            Action::EditText => {
                self.form.field = Field::Seed;
                self.form.seed.end();
                self.editing = Some(Editing::Seed);
            }
            Action::RandomSeed => {
                let cur: u64 = self.form.seed.text.parse().unwrap_or(0);
                let next = splitmix(cur) % 1_000_000;
                self.form.seed.set(&next.to_string());
            }
            Action::Pick(i) => {
                // Rows: scenarios first, then seats, then the facilitator and the timer rows
                // (see the new-game screen).
                let ns = sides.len();
                if i < nsc {
                    self.form.field = Field::Scenario;
                    let pick = self.scenario_order().get(i).copied().unwrap_or(0);
                    if self.form.scenario != pick {
                        self.form.scenario = pick;
                        self.reset_seats();
                    }
                } else if i - nsc < ns {
                    let k = i - nsc;
                    if self.form.field == Field::Seats && self.form.seat_sel == k {
                        self.form.seat_sel = k;
                        self.update_new_game(Action::Right);
                    } else {
                        self.form.field = Field::Seats;
                        self.form.seat_sel = k;
                    }
                } else if i - nsc - ns == 0 {
                    if self.form.field == Field::Facilitator {
                        self.update_new_game(Action::Right);
                    }
                    self.form.field = Field::Facilitator;
                } else if i - nsc - ns == 2 {
                    if self.form.field == Field::Length {
                        self.update_new_game(Action::Right);
                    }
                    self.form.field = Field::Length;
                } else {
                    if self.form.field == Field::Timer {
                        self.update_new_game(Action::Right);
                    }
                    self.form.field = Field::Timer;
                }
            }
            Action::Select => self.start_from_form(),
            _ => {}
        }
    }

    pub(super) fn start_from_form(&mut self) {
        let Some(sc) = self.db.scenarios.get(self.form.scenario) else {
            return;
        };
        let id = sc.id.clone();
        let sides = self.form_sides();
        if !sides.iter().any(|s| self.form.seats[s.index()].is_human()) {
            self.status =
                Some("At least one side must be played by a human at this screen.".into());
            return;
        }
        let seed = match self.form.seed.text.parse::<u64>() {
            Ok(s) => s,
            Err(_) => {
                self.status =
                    Some("The seed must be a whole number (press R for a random one).".into());
                self.form.field = Field::Seed;
                return;
            }
        };
        let seats = self.form.seats.clone();
        self.form.seed_used = true;
        let fac = self.form.facilitator.then(|| {
            let mins = TIMER_CHOICES[self.form.timer.min(TIMER_CHOICES.len() - 1)];
            FacilitatorMode::new((mins > 0).then(|| std::time::Duration::from_secs(mins * 60)))
        });
        let lengths = self.form_lengths();
        let class = (self.form.length > 0)
            .then(|| lengths.get(self.form.length).copied())
            .flatten();
        self.start_game_class(&id, seed, seats, fac, class);
    }
}
