//! Session slots: at most so many sessions in all and so many from one client address. A slot
//! is held by a guard and given back when the guard is dropped, however the session ends.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Debug, Default)]
struct Counts {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

pub struct Limits {
    max_total: usize,
    max_per_address: usize,
    counts: Mutex<Counts>,
}

/// Why a session was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    /// The server has `max_total` sessions.
    Server(usize),
    /// This address has `max_per_address` sessions.
    Address(usize),
}

impl Full {
    /// What the client is told, politely, before the channel closes.
    pub fn message(self) -> String {
        match self {
            Full::Server(n) => format!(
                "nhs-leaders: sorry, the server is full ({n} sessions are open, the most it \
                 allows). Please try again in a few minutes.\r\n"
            ),
            Full::Address(n) => format!(
                "nhs-leaders: sorry, your address already has {n} sessions open, the most one \
                 address may have. Close one and try again.\r\n"
            ),
        }
    }
}

/// A session slot, given back on drop.
pub struct Slot {
    limits: Arc<Limits>,
    address: IpAddr,
}

impl Limits {
    pub fn new(max_total: usize, max_per_address: usize) -> Arc<Limits> {
        Arc::new(Limits {
            max_total,
            max_per_address,
            counts: Mutex::new(Counts::default()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes a slot for a session from `address`, or says why there is none.
    pub fn acquire(self: &Arc<Self>, address: IpAddr) -> Result<Slot, Full> {
        let mut c = self.lock();
        if c.total >= self.max_total {
            return Err(Full::Server(self.max_total));
        }
        let mine = c.by_address.entry(address).or_insert(0);
        if *mine >= self.max_per_address {
            return Err(Full::Address(self.max_per_address));
        }
        *mine += 1;
        c.total += 1;
        Ok(Slot {
            limits: Arc::clone(self),
            address,
        })
    }

    /// Sessions open now.
    pub fn open(&self) -> usize {
        self.lock().total
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut c = self.limits.lock();
        c.total = c.total.saturating_sub(1);
        if let Some(n) = c.by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                c.by_address.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_counted_in_all_and_per_address_and_given_back() {
        let limits = Limits::new(3, 2);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let one = limits.acquire(a).unwrap();
        let _two = limits.acquire(a).unwrap();
        assert_eq!(limits.acquire(a).err(), Some(Full::Address(2)));
        let _three = limits.acquire(b).unwrap();
        assert_eq!(limits.acquire(b).err(), Some(Full::Server(3)));
        drop(one);
        assert_eq!(limits.open(), 2);
        assert!(limits.acquire(a).is_ok());
    }
}
