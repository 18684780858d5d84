//! Searching off the UI thread. On a million entities no matcher scores everything within a
//! frame on two cores, so the dashboard sends each query here and keeps answering keys: the
//! query echoes at once, the previous results stay until fresh ones arrive, and a pass made
//! stale by a newer keystroke stops at its next chunk.

use super::SearchBox;
use crate::dataset::Dataset;
use crate::query::ordered::OrderedFilter;
use crate::query::{Fields, Found, KindFilter, SearchIndex, Searcher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

/// What a search box asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// The best `limit` matches, ranked.
    Ranked {
        filter: KindFilter,
        fields: Fields,
        limit: usize,
    },
    /// Every event that matches strongly, in date order (the chronology keeps its order).
    Events,
}

/// A search for one search box.
#[derive(Debug, Clone)]
pub struct Request {
    pub target: SearchBox,
    /// Increases with every request; a reply is used only if it answers the newest one.
    pub generation: u64,
    pub query: String,
    pub ask: Ask,
}

/// The answer to an `Ask`.
#[derive(Debug, Clone)]
pub enum Answer {
    Ranked(Found),
    /// Matching event indices, in date order.
    Events(Vec<usize>),
}

impl Answer {
    /// Runs `ask` for `query` (with `searcher`'s cache for ranked searches); `None` when
    /// `cancelled` stopped it.
    pub fn compute(
        searcher: &mut Searcher,
        (ds, index): (&Dataset, &SearchIndex),
        query: &str,
        ask: Ask,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Answer> {
        match ask {
            Ask::Ranked {
                filter,
                fields,
                limit,
            } => searcher
                .search_fields(index, ds, query, (filter, fields), limit, cancelled)
                .map(Answer::Ranked),
            Ask::Events => OrderedFilter::new(ds, index, query)
                .events(&ds.chronology, cancelled)
                .map(Answer::Events),
        }
    }
}

#[derive(Debug)]
pub struct Reply {
    pub target: SearchBox,
    pub generation: u64,
    pub answer: Answer,
}

/// Hands a reply to the event loop.
type Deliver = Arc<dyn Fn(Reply) + Send + Sync>;

/// The handle the app keeps: send requests, and know which is newest.
pub struct SearchWorker {
    requests: Sender<Request>,
    newest: Arc<AtomicU64>,
    deliver: Deliver,
}

impl SearchWorker {
    /// Starts the worker thread; `deliver` hands each fresh reply to the event loop.
    pub fn spawn(
        ds: Arc<Dataset>,
        index: Arc<SearchIndex>,
        deliver: impl Fn(Reply) + Send + Sync + 'static,
    ) -> std::io::Result<SearchWorker> {
        Self::start(ds, index, Arc::new(deliver))
    }

    fn start(
        ds: Arc<Dataset>,
        index: Arc<SearchIndex>,
        deliver: Deliver,
    ) -> std::io::Result<SearchWorker> {
        let (requests, inbox) = mpsc::channel::<Request>();
        let newest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&newest);
        let replies = Arc::clone(&deliver);
        std::thread::Builder::new()
            .name("search".into())
            .spawn(move || serve(&ds, &index, &inbox, &seen, |r| replies(r)))?;
        Ok(SearchWorker {
            requests,
            newest,
            deliver,
        })
    }

    /// A worker over new data delivering to the same place; this one stops when dropped.
    pub fn respawn(
        &self,
        ds: Arc<Dataset>,
        index: Arc<SearchIndex>,
    ) -> std::io::Result<SearchWorker> {
        Self::start(ds, index, Arc::clone(&self.deliver))
    }

    pub fn send(&self, request: Request) {
        self.newest.store(request.generation, Ordering::SeqCst);
        // The worker only goes away with the process; nothing to do if it has.
        let _ = self.requests.send(request);
    }
}

fn serve(
    ds: &Dataset,
    index: &SearchIndex,
    inbox: &Receiver<Request>,
    newest: &AtomicU64,
    deliver: impl Fn(Reply),
) {
    // One cache per search box, so typing in one does not evict another's.
    let mut searchers: Vec<(SearchBox, Searcher)> = Vec::new();
    while let Ok(mut request) = inbox.recv() {
        // Only the newest queued request matters.
        while let Ok(newer) = inbox.try_recv() {
            request = newer;
        }
        let generation = request.generation;
        let cancelled = || newest.load(Ordering::SeqCst) != generation;
        let slot = match searchers.iter().position(|(t, _)| *t == request.target) {
            Some(i) => i,
            None => {
                searchers.push((request.target, Searcher::default()));
                searchers.len() - 1
            }
        };
        let searcher = &mut searchers[slot].1;
        let answer = Answer::compute(
            searcher,
            (ds, index),
            &request.query,
            request.ask,
            &cancelled,
        );
        if let Some(answer) = answer
            && !cancelled()
        {
            deliver(Reply {
                target: request.target,
                generation,
                answer,
            });
        }
    }
}
