//! Which search box a query belongs to, and where its searches run: on this thread (tests,
//! and before a terminal exists) or on the worker thread, whose replies come back through
//! `App::receive`.

use super::*;

/// A search box: each has its own query and results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchBox {
    People,
    Organisations,
    Programmes,
    Chronology,
    Global,
    Picker,
}

impl SearchBox {
    pub(super) const ALL: [SearchBox; 6] = [
        SearchBox::People,
        SearchBox::Organisations,
        SearchBox::Programmes,
        SearchBox::Chronology,
        SearchBox::Global,
        SearchBox::Picker,
    ];

    pub(super) fn slot(self) -> usize {
        SearchBox::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The search box of a pane (the Moves pane filters its short list as you type).
    pub fn of_pane(pane: Pane) -> Option<SearchBox> {
        match pane {
            Pane::People => Some(SearchBox::People),
            Pane::Organisations => Some(SearchBox::Organisations),
            Pane::Programmes => Some(SearchBox::Programmes),
            Pane::Chronology => Some(SearchBox::Chronology),
            Pane::Moves | Pane::Stats => None,
        }
    }
}

/// Where searches run: on this thread (tests, and before a terminal exists), or on the
/// worker thread, whose replies the event loop hands to `App::receive`.
pub(super) enum Runner {
    Inline(Vec<(SearchBox, Searcher)>),
    Worker(SearchWorker),
}

impl App {
    /// Runs searches on a worker thread from now on; `deliver` is called with each reply
    /// (from that thread) and should hand it to `receive` on this one.
    pub fn search_in_background(
        &mut self,
        deliver: impl Fn(Reply) + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        let worker = SearchWorker::spawn(Arc::clone(&self.ds), Arc::clone(&self.index), deliver)?;
        self.runner = Runner::Worker(worker);
        Ok(())
    }

    /// Whether a search for the box is still running.
    pub fn is_searching(&self, target: SearchBox) -> bool {
        self.pending[target.slot()] != 0
    }

    /// Whether the screen should say a search for the box is running: it is, and it has
    /// taken longer than a moment.
    pub fn shows_searching(&self, target: SearchBox) -> bool {
        self.search_slow && self.is_searching(target)
    }

    /// The newest search still running, if any: the frontend starts its "taking a while"
    /// clock when this changes.
    pub fn running_search(&self) -> Option<u64> {
        self.pending.iter().copied().filter(|&g| g != 0).max()
    }

    /// The requests made since the last call, for the frontend to carry out.
    pub fn take_effects(&mut self) -> Vec<outbox::Effect> {
        std::mem::take(&mut self.effects)
    }

    /// A message for the status line (the frontend's report on a request).
    pub fn notify(&mut self, status: outbox::Status) {
        self.status = Some(status);
    }

    /// The query of a search box and what it asks for.
    pub(super) fn search_params(&self, target: SearchBox) -> (String, Ask) {
        let ranked = |filter, limit| Ask::Ranked {
            filter,
            fields: Fields::Names,
            limit,
        };
        match target {
            SearchBox::People => (
                self.people.query.clone(),
                ranked(self.people.kind.filter(), entity_pane::FILTER_LIMIT),
            ),
            SearchBox::Organisations => (
                self.organisations.query.clone(),
                ranked(self.organisations.kind.filter(), entity_pane::FILTER_LIMIT),
            ),
            SearchBox::Programmes => (
                self.programmes.query.clone(),
                ranked(self.programmes.kind.filter(), entity_pane::FILTER_LIMIT),
            ),
            SearchBox::Chronology => (self.chronology.query.clone(), Ask::Events),
            SearchBox::Global => (
                self.global.query.clone(),
                Ask::Ranked {
                    filter: KindFilter::ALL,
                    fields: Fields::All,
                    limit: overlay::GLOBAL_LIMIT,
                },
            ),
            SearchBox::Picker => {
                // Only the chronology's picker offers entities; kinds need no search.
                let query = if self.pane == Pane::Chronology {
                    self.picker.query.clone()
                } else {
                    String::new()
                };
                (
                    query,
                    ranked(overlay::PICKER_FILTER, overlay::PICKER_ENTITIES),
                )
            }
        }
    }

    /// Searches again for a box whose query or filter changed.
    pub(super) fn search(&mut self, target: SearchBox) {
        let (query, ask) = self.search_params(target);
        if query.trim().is_empty() {
            self.pending[target.slot()] = 0;
            self.show(target, None);
            return;
        }
        match &mut self.runner {
            Runner::Inline(searchers) => {
                let slot = match searchers.iter().position(|(t, _)| *t == target) {
                    Some(i) => i,
                    None => {
                        searchers.push((target, Searcher::default()));
                        searchers.len() - 1
                    }
                };
                let answer = Answer::compute(
                    &mut searchers[slot].1,
                    (&self.ds, &self.index),
                    &query,
                    ask,
                    &|| false,
                );
                self.show(target, answer);
            }
            Runner::Worker(worker) => {
                self.generation += 1;
                self.pending[target.slot()] = self.generation;
                self.search_slow = false;
                worker.send(Request {
                    target,
                    generation: self.generation,
                    query,
                    ask,
                });
            }
        }
    }

    /// Takes a reply from the search worker; stale replies are dropped.
    pub fn receive(&mut self, reply: Reply) {
        let slot = reply.target.slot();
        if self.pending[slot] == reply.generation {
            self.pending[slot] = 0;
            self.show(reply.target, Some(reply.answer));
        }
    }

    /// Shows a search box's answer (`None`: nothing typed).
    pub(super) fn show(&mut self, target: SearchBox, answer: Option<Answer>) {
        let ds = Arc::clone(&self.ds);
        let (found, events) = match answer {
            Some(Answer::Ranked(f)) => (Some(f), None),
            Some(Answer::Events(e)) => (None, Some(e)),
            None => (None, None),
        };
        match target {
            SearchBox::People => self.people.show_results(&ds, found),
            SearchBox::Organisations => self.organisations.show_results(&ds, found),
            SearchBox::Programmes => self.programmes.show_results(&ds, found),
            SearchBox::Chronology => self.chronology.show_results(&ds, events),
            SearchBox::Global => self.global.show_results(found),
            SearchBox::Picker => {
                let orgs = self.organisations.org_filter.clone();
                self.picker.show_results(&ds, self.pane, &orgs, found)
            }
        }
    }
}
