//! Whose turn it is at the screen: the computers' moves, the resolution told step by step, handovers and the next decision.

use super::*;

impl App {
    /// Whether a computer seat has to move now.
    pub(super) fn computer_due(&self) -> bool {
        let Some(sess) = &self.session else {
            return false;
        };
        sess.game.pending().any(|d| !sess.is_human(d.side()))
    }

    /// Where the resolution not yet shown ends: (log index, ledger index), or None if there is
    /// nothing new to show.
    pub(super) fn resolution_cut(&self) -> Option<(usize, usize, bool)> {
        let sess = self.session.as_ref()?;
        let g = &sess.game;
        let s = &g.state;
        let unseen = sess.res_log < g.journal.log.len();
        let advanced = s.turn > sess.res_turn || (s.phase == Phase::Over && unseen);
        if advanced {
            let log = &g.journal.log;
            let cut_log = if s.phase == Phase::Over && s.turn == sess.res_turn {
                log.len()
            } else {
                log[sess.res_log.min(log.len())..]
                    .iter()
                    .position(|e| {
                        matches!(e, crate::engine::LogEntry::TurnStart { turn, .. } if *turn > sess.res_turn)
                    })
                    .map(|i| i + sess.res_log)
                    .unwrap_or(log.len())
            };
            let led = &g.journal.ledger;
            let cut_ledger = led[sess.res_ledger.min(led.len())..]
                .iter()
                .position(|e| e.turn > sess.res_turn)
                .map(|i| i + sess.res_ledger)
                .unwrap_or(led.len());
            Some((cut_log, cut_ledger, false))
        } else if s.phase == Phase::Crisis && !sess.crisis_shown {
            Some((g.journal.log.len(), g.journal.ledger.len(), true))
        } else {
            None
        }
    }

    /// Shows the next screen: a resolution, the debrief, or the next human's turn.
    pub(crate) fn route(&mut self) {
        // A resumed game goes back to the results its players were reading.
        let resume_step = self
            .resume_note
            .take()
            .and_then(|note| self.rewind_results(&note));
        if let Some((cut_log, cut_ledger, crisis)) = self.resolution_cut() {
            self.autosave();
            let db = self.db.clone();
            let Some(sess) = self.session.as_ref() else {
                return;
            };
            let g = &sess.game;
            let viewer = sess.table_viewer();
            let log = &g.journal.log[sess.res_log.min(cut_log)..cut_log];
            let ledger = &g.journal.ledger[sess.res_ledger.min(cut_ledger)..cut_ledger];
            let rationales: Vec<_> = g
                .inputs
                .iter()
                .filter(|r| r.turn == sess.res_turn)
                .cloned()
                .collect();
            let fac: Vec<(usize, Range<usize>)> = sess
                .fac_spans
                .iter()
                .filter(|(l, _)| *l >= sess.res_log && *l < cut_log)
                .map(|(l, r)| {
                    (
                        l - sess.res_log,
                        r.start.saturating_sub(sess.res_ledger)
                            ..r.end.saturating_sub(sess.res_ledger),
                    )
                })
                .collect();
            let steps = view::resolution_steps(&db, log, ledger, &rationales, viewer, &fac);
            let snaps = &g.journal.snapshots;
            let before = snaps
                .iter()
                .rev()
                .find(|x| x.turn < sess.res_turn)
                .map(|x| x.meters)
                .unwrap_or(g.state.meters());
            let after = if crisis {
                g.state.meters()
            } else {
                snaps
                    .iter()
                    .rev()
                    .find(|x| x.turn == sess.res_turn)
                    .map(|x| x.meters)
                    .unwrap_or(g.state.meters())
            };
            let sites = steps.iter().filter_map(|st| st.site.clone()).collect();
            let t0 = before[crate::content::Meter::Tension.index()];
            let tp = view::tension_at_planning(log, ledger, t0);
            let at_planning = ((tp - t0).abs() >= 0.5).then_some(tp);
            let ui = ResultsUi {
                turn: sess.res_turn,
                date: g.state.date_of(&db, sess.res_turn),
                shown: resume_step
                    .unwrap_or(1)
                    .clamp(1.min(steps.len()), steps.len()),
                steps,
                scroll: 0,
                viewer,
                before,
                after,
                sites,
                crisis,
                at_planning,
                summary: !crisis && resume_step.is_none() && sess.humans().len() >= 2,
            };
            // The summary page opens at its top.
            let ui = ResultsUi {
                scroll: if ui.summary { u16::MAX } else { 0 },
                ..ui
            };
            let sess = self.session.as_mut().expect("checked above");
            sess.res_log = cut_log;
            sess.res_ledger = cut_ledger;
            if crisis {
                sess.crisis_shown = true;
            } else {
                sess.res_turn = sess.game.state.turn;
                sess.crisis_shown = false;
                // The next turn's opening (its events) starts the next resolution: the
                // cut is already there.
            }
            self.screen = Screen::Resolution(ui);
            self.at_screen = None;
            return;
        }
        let Some(sess) = self.session.as_ref() else {
            return;
        };
        if sess.game.state.phase == Phase::Over {
            self.screen = Screen::Debrief(DebriefUi::default());
            return;
        }
        let Some(p) = self.next_pending() else { return };
        let same_side = self.at_screen == Some(p.side());
        if !same_side && self.session.as_ref().is_some_and(|s| s.humans().len() >= 2) {
            self.screen = Screen::Handover(p);
        } else {
            self.open(p);
        }
    }

    /// The next decision a human at the screen has to make: the side at the screen answers
    /// everything it is asked before the screen is passed on (the answers of a round do not
    /// depend on one another's order), so a class at one screen hands it over once a side.
    pub fn next_pending(&self) -> Option<Decision> {
        let sess = self.session.as_ref()?;
        let here = self
            .at_screen
            .filter(|side| sess.is_human(*side))
            .and_then(|side| sess.game.pending().find(|d| d.side() == side));
        here.or_else(|| sess.game.pending().find(|d| sess.is_human(d.side())))
    }

    pub(super) fn open(&mut self, d: Decision) {
        // What this side sees now is the base of its next "since your last turn".
        self.mark(d.side());
        self.at_screen = Some(d.side());
        if let Decision::Plan { side } = d {
            self.start_clock(side);
        }
        self.screen = match d {
            Decision::Plan { side } => {
                let mut ui = PlanUi::new(side);
                // Start on the first card that can be played.
                let hand = self.hand(side);
                ui.hand_sel = hand
                    .iter()
                    .position(|c| self.unplayable(side, *c).is_none())
                    .unwrap_or(0);
                Screen::Planning(ui)
            }
            Decision::Answer { side, offer } | Decision::CoSign { side, offer } => {
                Screen::Respond(RespondUi {
                    side,
                    offer,
                    sel: None,
                    scroll: 0,
                })
            }
            Decision::Brink { side } => Screen::Crisis(CrisisUi { side, sel: None }),
        };
    }

    /// Records where `side` has now seen up to.
    pub(super) fn mark(&mut self, side: SideId) {
        if let Some(sess) = self.session.as_mut() {
            let m = Mark::of(&sess.game.state, sess.game.journal.log.len());
            sess.marks[side.index()] = Some(m);
        }
    }

    pub(crate) fn submit(&mut self, side: SideId, input: Input, rationale: Option<String>) -> bool {
        let db = self.db.clone();
        let Some(sess) = self.session.as_mut() else {
            return false;
        };
        let plan = matches!(input, Input::Plan { .. });
        match sess.game.submit(&db, input, rationale) {
            Ok(()) => {
                self.preview_cache.borrow_mut().clear();
                if plan {
                    self.stop_clock(side);
                }
                true
            }
            Err(e) => {
                self.status = Some(capitalise(&e.to_string()));
                false
            }
        }
    }

    // ---------------------------------------------------------------- planning
}
