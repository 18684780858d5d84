//! Searching off the UI thread. On a million entities no matcher scores everything within a
//! frame on two cores, so the dashboard sends each query here and keeps answering keys: the
//! query echoes at once, the previous results stay until fresh ones arrive, and a pass made
//! stale by a newer keystroke stops at its next chunk.

use super::SearchBox;
use crate::dataset::Dataset;
use crate::query::{Found, KindFilter, SearchIndex, Searcher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

/// A search for one search box.
#[derive(Debug, Clone)]
pub struct Request {
    pub target: SearchBox,
    /// Increases with every request; a reply is used only if it answers the newest one.
    pub generation: u64,
    pub query: String,
    pub filter: KindFilter,
    pub limit: usize,
}

#[derive(Debug)]
pub struct Reply {
    pub target: SearchBox,
    pub generation: u64,
    pub found: Found,
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
        let found = searcher.search_cancellable(
            index,
            ds,
            &request.query,
            request.filter,
            request.limit,
            &cancelled,
        );
        if let Some(found) = found
            && !cancelled()
        {
            deliver(Reply {
                target: request.target,
                generation,
                found,
            });
        }
    }
}
