//! Starting, opening and saving a game: the session's life (seats, review, records, autosave, the report).

use super::*;

impl App {
    /// Starts a scenario with these seats (the `play --scenario` path skips the menus to here).
    pub fn start_game(&mut self, scenario: &str, seed: u64, seats: [Seat; 5]) {
        self.start_game_with(scenario, seed, seats, None);
    }

    /// Starts a scenario; with `fac`, in facilitator mode (the opening is logged as the
    /// facilitator's, so a resumed record knows it was a facilitated session).
    pub fn start_game_with(
        &mut self,
        scenario: &str,
        seed: u64,
        seats: [Seat; 5],
        fac: Option<FacilitatorMode>,
    ) {
        self.start_game_class(scenario, seed, seats, fac, None);
    }

    /// `start_game_with`, at a class length (None: the whole game).
    pub fn start_game_class(
        &mut self,
        scenario: &str,
        seed: u64,
        seats: [Seat; 5],
        fac: Option<FacilitatorMode>,
        class: Option<ClassLength>,
    ) {
        let Some(mut game) = Game::new_class(&self.db, scenario, seed, class) else {
            self.status = Some(format!("There is no scenario \"{scenario}\"."));
            return;
        };
        if let Some(f) = &fac {
            let text = crate::tui::facilitator::opening_note(f);
            let _ = game.submit(
                &self.db,
                Input::FreeInject {
                    text,
                    changes: Vec::new(),
                },
                None,
            );
        }
        self.install(game, seats, fac);
    }

    /// The seats a scenario starts with by default (see `seats::default_seat`).
    pub fn default_seats(&self, scenario: &str) -> [Seat; 5] {
        std::array::from_fn(|i| self.default_seat(scenario, SideId::from_index(i)))
    }

    /// A side's seat unless the players change it: the command line's (`--policy`), else
    /// `seats::default_seat`.
    pub(super) fn default_seat(&self, scenario: &str, side: SideId) -> Seat {
        match &self.seating.policies[side.index()] {
            Some(spec) => Seat::Computer(spec.clone()),
            None => seats::default_seat(&self.db, scenario, side),
        }
    }

    pub(crate) fn install(&mut self, game: Game, seats: [Seat; 5], fac: Option<FacilitatorMode>) {
        // Whatever a computer was thinking about belonged to the game being replaced.
        self.cancel_ai();
        self.ai_error = None;
        let mut failed = None;
        let policies: [Option<Box<dyn Policy>>; 5] = std::array::from_fn(|i| {
            let side = SideId::from_index(i);
            if game.state.seated(side) {
                let (p, error) = seats::policy(
                    &self.db,
                    &seats[i],
                    side,
                    &game.scenario_id,
                    &self.seating.agents,
                );
                if let Some(e) = error {
                    failed = Some((side, e));
                }
                p
            } else {
                None
            }
        });
        if failed.is_some() {
            self.ai_error = failed;
        }
        let seed = game.state.seed;
        // The current turn's resolution starts with its opening (events), so it is told whole.
        let log_len = game
            .journal
            .log
            .iter()
            .rposition(|e| matches!(e, crate::engine::LogEntry::TurnStart { .. }))
            .unwrap_or(0);
        let ledger_len = game
            .journal
            .ledger
            .iter()
            .position(|e| e.turn >= game.state.turn)
            .unwrap_or(game.journal.ledger.len());
        // "Since your last turn" starts at this turn's opening.
        let turn_start = log_len;
        let resumed = game
            .inputs
            .iter()
            .any(|r| !crate::tui::facilitator::is_facilitator_input(&r.input));
        let marks = std::array::from_fn(|_| {
            resumed.then(|| {
                let mut m = Mark::of(&game.state, turn_start);
                m.turn = game.state.turn;
                m
            })
        });
        let fac_spans = crate::tui::facilitator::facilitator_spans_of(&self.db, &game);
        self.session = Some(Session {
            res_turn: game.state.turn,
            game,
            seats,
            policies,
            ai_rng: ChaCha8Rng::seed_from_u64(splitmix(seed ^ 0xB41D)),
            drafts: Default::default(),
            marks,
            res_log: log_len,
            res_ledger: ledger_len,
            crisis_shown: false,
            fac,
            fac_spans,
        });
        self.preview_cache.borrow_mut().clear();
        self.overlay = None;
        self.editing = None;
        self.at_screen = None;
        // A new game (an undo is one) leaves the console: play starts again on the screens.
        if let Screen::Console(ui) = &self.screen {
            self.screen = (*ui.back).clone();
        }
        self.flow();
    }

    /// Opens a game for review only: straight to its debrief.
    pub fn review(&mut self, game: Game) {
        let seats: [Seat; 5] = std::array::from_fn(|_| Seat::Human);
        self.install(game, seats, None);
        self.cancel_ai();
        self.ai_due = false;
        self.status = None;
        self.screen = Screen::Debrief(DebriefUi::default());
    }

    /// Resumes a game record (a save or an autosave). A record that is not readable, was
    /// played with other decks or does not replay exactly is refused with its one sentence.
    pub fn load_record(&mut self, path: &std::path::Path) -> Result<(), String> {
        let (game, rec) = save::load_record(&self.db, path).map_err(|e| e.to_string())?;
        // A record from our saves folder keeps autosaving to its own file.
        if let Some(dir) = self.saves_dir()
            && path.parent().is_some_and(|p| p == dir)
            && Some(&dir) != save::saves_dir().as_ref()
        {
            let _ = save::load_in(&dir, &self.db, path);
        }
        let mut seats: [Seat; 5] = std::array::from_fn(|_| Seat::Human);
        for (side, name) in &rec.controllers {
            seats[side.index()] = match &self.seating.policies[side.index()] {
                // `brink play --load FILE --policy ...` seats anew.
                Some(spec) => Seat::Computer(spec.clone()),
                // A record never starts a program: an agent's seat goes to its persona.
                None if crate::agent::exec_command(name).is_some() => {
                    Seat::Computer(seats::persona_of(&self.db, &game.scenario_id, *side))
                }
                None => Seat::from_record(name),
            };
        }
        let fac = crate::tui::facilitator::facilitator_mode_from_inputs(&game.inputs);
        // Where the screens stood (read before anything is saved over it).
        let note = App::read_screen_note(path, game.inputs.len());
        self.replay = None;
        self.install(game, seats, fac);
        self.last_save = Some(path.to_path_buf());
        // Back to the screen the game was left on: the same step of the results, the drafts.
        if let Some(note) = note {
            self.restore_screen_note(note);
        }
        Ok(())
    }

    /// Writes the game record to the autosave folder (`save::autosave`). A failure is one
    /// sentence on the status line, kept until a save succeeds; the game carries on.
    pub fn autosave(&mut self) {
        if !self.persist || self.replay.is_some() {
            return;
        }
        let Some(sess) = &self.session else {
            return;
        };
        let controllers = sess.controllers();
        let result = match self.saves_dir() {
            Some(dir) => save::autosave_in(&dir, &self.db, &sess.game, &controllers),
            None => Err(SaveError::NoDataDir),
        };
        match result {
            Ok(p) => {
                self.write_screen_note(&p);
                self.last_save = Some(p);
                self.save_error = None;
            }
            Err(e) => self.save_error = Some(capitalise(&e.to_string()) + "."),
        }
    }

    /// Writes the after-action report (HTML) of the game on screen to
    /// `<data>/reports/<scenario>-<seed>.html`; returns the sentence to show (where it went,
    /// or why it could not be written).
    pub fn write_report(&mut self) -> String {
        let Some(sess) = &self.session else {
            return "There is no game to report on.".into();
        };
        let game = self.replay.as_ref().map(|r| &r.full).unwrap_or(&sess.game);
        let Some(dir) = self.data_dir.as_ref().map(|d| d.join("reports")) else {
            return "Cannot write the report: no data folder is known for this user (set BRINK_DATA_DIR to a folder).".into();
        };
        if let Err(e) = std::fs::create_dir_all(&dir) {
            return format!("Cannot write the report to {}: {e}.", dir.display());
        }
        let path = dir.join(format!("{}-{}.html", game.scenario_id, game.state.seed));
        let controllers: Vec<(SideId, String)> = game
            .state
            .seated_sides()
            .map(|s| (s, sess.seats[s.index()].record_name()))
            .collect();
        let rec = crate::record::GameRecord::of_game(&self.db, game, controllers, "report");
        match crate::report::write(&self.db, game, &rec, crate::report::Format::Html, &path) {
            Ok(()) => format!("Report written: {}", path.display()),
            Err(e) => capitalise(&e) + ".",
        }
    }

    // ---------------------------------------------------------------- the flow of a game

    /// After any input: save, let computers move, then show what comes next.
    pub(crate) fn flow(&mut self) {
        // Every input a person gives is on disk before anything else happens.
        self.autosave();
        if self.computer_due() {
            // The computers think on a worker; the next screen comes when they are done.
            self.start_ai();
        } else {
            self.route();
        }
    }

    /// Whether a computer seat has to move now (the screens wait for it).
    pub(crate) fn computer_due_now(&self) -> bool {
        self.computer_due()
    }
}
