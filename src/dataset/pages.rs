//! Asking the kernel for huge pages for the big lists a warm start fills.
//!
//! Filling a fresh 50 MB list costs a page fault per 4 KiB page; at 100 000 people those
//! faults were a third of a warm start. Linux backs a region with 2 MiB pages when asked
//! (`MADV_HUGEPAGE`; most distributions enable transparent huge pages in "madvise" mode
//! only), which turns 12 000 faults into 25. It is advice: refused or unsupported, nothing
//! changes but the speed.

/// Below this, a list's faults cost too little to be worth a system call.
const WORTH_IT: usize = 4 << 20;

/// Advises huge pages for the memory of `list`'s capacity, before it is written.
pub fn advise_huge<T>(list: &Vec<T>) {
    let bytes = list.capacity() * std::mem::size_of::<T>();
    if bytes >= WORTH_IT {
        advise(list.as_ptr() as usize, bytes);
    }
}

#[cfg(target_os = "linux")]
fn advise(start: usize, len: usize) {
    const PAGE: usize = 4096;
    let first = start.next_multiple_of(PAGE);
    let end = (start + len) / PAGE * PAGE;
    if end > first {
        // SAFETY: the range lies inside one live allocation of ours, whole pages only;
        // MADV_HUGEPAGE changes how future faults are served, never the contents.
        unsafe {
            libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_start: usize, _len: usize) {}
