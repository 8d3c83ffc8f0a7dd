//! The server's limits: new connections per address (a token bucket, as wish's rate limiter) and
//! sessions open at once.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Buckets kept before full ones (addresses that came back to their whole allowance) are forgotten.
const MAX_BUCKETS: usize = 4096;

/// New connections per minute from each address: a bucket of `per_minute` tokens that refills
/// evenly, so a burst up to the allowance is fine and a steady flood is cut to the rate.
#[derive(Debug)]
pub struct RateLimit {
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimit {
    /// A limit of `per_minute` connections from one address.
    pub fn new(per_minute: u32) -> Self {
        RateLimit { per_minute: per_minute.max(1), buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes a token for a connection from `ip` at `now`; false when its bucket is empty.
    pub fn allow(&self, ip: IpAddr, now: Instant) -> bool {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() >= MAX_BUCKETS {
            buckets.retain(|_, b| b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_second < capacity);
        }
        let bucket = buckets.entry(ip).or_insert(Bucket { tokens: capacity, at: now });
        let refill = now.saturating_duration_since(bucket.at).as_secs_f64() * per_second;
        bucket.tokens = (bucket.tokens + refill).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// How long until `ip` may connect again, for the message.
    pub fn retry_after(&self) -> Duration {
        Duration::from_secs_f64(60.0 / f64::from(self.per_minute))
    }
}

/// Sessions open at once, up to a maximum; a [`Slot`] gives its place back when dropped.
#[derive(Debug)]
pub struct Sessions {
    max: usize,
    open: Arc<AtomicUsize>,
}

/// One open session's place.
#[derive(Debug)]
pub struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Sessions {
    /// Room for `max` sessions.
    pub fn new(max: usize) -> Self {
        Sessions { max, open: Arc::new(AtomicUsize::new(0)) }
    }

    /// A place for one more session, or `None` when all are taken.
    pub fn take(&self) -> Option<Slot> {
        self.open
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < self.max).then_some(n + 1))
            .ok()
            .map(|_| Slot(Arc::clone(&self.open)))
    }

    /// Sessions open now.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_up_to_the_allowance_passes_then_the_bucket_refills_evenly() {
        let limit = RateLimit::new(6);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "127.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        assert!((0..6).all(|_| limit.allow(ip, t0)));
        assert!(!limit.allow(ip, t0), "the seventh in the same instant waits");
        assert!(limit.allow(other, t0), "each address has its own bucket");
        assert!(!limit.allow(ip, t0 + Duration::from_secs(9)), "one token takes 10 s to come back");
        assert!(limit.allow(ip, t0 + Duration::from_secs(10)));
        assert_eq!(limit.retry_after(), Duration::from_secs(10));
    }

    #[test]
    fn sessions_beyond_the_maximum_get_no_slot_until_one_ends() {
        let sessions = Sessions::new(2);
        let a = sessions.take().unwrap();
        let _b = sessions.take().unwrap();
        assert!(sessions.take().is_none());
        drop(a);
        assert_eq!(sessions.open(), 1);
        assert!(sessions.take().is_some());
    }
}
