//! Live heap bytes at each stage of loading (a counting allocator): where memory goes.
//! `cargo run --release --example heap -- DIR`
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mb(n: usize) -> String {
    format!("{:.0} MB", n as f64 / 1e6)
}

fn main() {
    let dir = std::env::args().nth(1).expect("a dataset folder");
    let files = nhs_leaders::dataset::read_files(&nhs_leaders::DataPath::Path(dir.into())).unwrap();
    println!("files read: live {}", mb(LIVE.load(Ordering::Relaxed)));
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let loaded = nhs_leaders::Dataset::from_files("x".into(), &files).unwrap();
    println!(
        "loaded: live {}, peak during load {}",
        mb(LIVE.load(Ordering::Relaxed)),
        mb(PEAK.load(Ordering::Relaxed))
    );
    drop(files);
    println!(
        "files dropped (dataset alone): live {}",
        mb(LIVE.load(Ordering::Relaxed))
    );
    let before = LIVE.load(Ordering::Relaxed);
    let index = nhs_leaders::query::SearchIndex::build(&loaded.dataset);
    println!(
        "search index: {}",
        mb(LIVE.load(Ordering::Relaxed) - before)
    );
    std::hint::black_box(index);
}
