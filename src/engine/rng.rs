//! Keyed random streams (MODEL.md section 8).
//!
//! Every random number in a run is drawn from a generator whose seed is a hash of a key:
//! `(master_seed, trial, entity, week, purpose)`. Keys, not thread order or call order, decide
//! every number, so one thread and many threads give bit-identical results, and two variants of
//! one trial see the same numbers wherever they ask the same question (common random numbers).

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator behind every keyed stream.
pub type StreamRng = Xoshiro256PlusPlus;

/// One step of SplitMix64: a fast, well-mixed 64-bit bijection.
#[inline]
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What a draw is for; part of every key so that different questions never share numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u64)]
pub enum Purpose {
    /// Uncertain scenario parameters, drawn once per trial.
    Parameter = 1,
    /// A rep's skills.
    RepAttributes = 2,
    /// Number of prospecting contacts in a rep-week.
    Contacts = 3,
    /// Number of inbound leads in a rep-week.
    Inbound = 4,
    /// Attributes of one contact or lead (fit, value, custom need, qualification noise).
    Lead = 5,
    /// Weekly fate of one deal (loss, advancement, decision timing).
    DealWeek = 6,
    /// The win/loss draw of one deal.
    DealOutcome = 7,
    /// Referral leads produced by a won deal.
    Referral = 8,
    /// Attrition of a seat in a week.
    Attrition = 9,
    /// Skills of a new hire.
    Hire = 10,
    /// Timing games (push-out of decisions).
    Timing = 11,
    /// Hand-over of a leaver's deals.
    Handover = 12,
    /// Routing of custom leads between teams.
    Routing = 13,
}

/// A key that identifies one stream. Build it with [`Key::new`] and refine it with
/// [`Key::with`]; the same sequence of parts always gives the same seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key(u64);

impl Key {
    /// The root key of a run: the master seed.
    pub fn root(master_seed: u64) -> Self {
        Key(splitmix64(master_seed ^ 0x5350_4D53_494D_0001))
    }

    /// A key refined by one more part (trial, entity, week, purpose ...).
    #[inline]
    pub fn with(self, part: u64) -> Self {
        Key(splitmix64(
            self.0 ^ splitmix64(part.wrapping_add(0xA076_1D64_78BD_642F)),
        ))
    }

    /// A key refined by a purpose.
    #[inline]
    pub fn purpose(self, p: Purpose) -> Self {
        self.with(p as u64 | 0xFF00_0000_0000_0000)
    }

    /// The raw 64-bit value of the key.
    #[inline]
    pub fn value(self) -> u64 {
        self.0
    }

    /// A uniform number in `[0, 1)` determined by the key alone (53 bits).
    #[inline]
    pub fn uniform(self) -> f64 {
        (splitmix64(self.0) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A generator seeded from the key.
    #[inline]
    pub fn rng(self) -> StreamRng {
        StreamRng::seed_from_u64(self.0)
    }
}

/// Hash a string (a parameter path, say) into a stable 64-bit part for a key (FNV-1a).
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn same_key_same_numbers() {
        let k = Key::root(7).with(3).purpose(Purpose::Contacts).with(12);
        let mut a = k.rng();
        let mut b = k.rng();
        for _ in 0..10 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_eq!(k.uniform(), k.uniform());
    }

    #[test]
    fn different_parts_differ() {
        let k = Key::root(7);
        assert_ne!(k.with(1).value(), k.with(2).value());
        assert_ne!(k.with(1).with(2).value(), k.with(2).with(1).value());
        assert_ne!(Key::root(1).value(), Key::root(2).value());
        assert_ne!(
            k.purpose(Purpose::Lead).value(),
            k.purpose(Purpose::Inbound).value()
        );
    }

    #[test]
    fn uniform_is_in_unit_interval_and_roughly_flat() {
        let k = Key::root(99);
        let n = 100_000;
        let mut sum = 0.0;
        for i in 0..n {
            let u = k.with(i).uniform();
            assert!((0.0..1.0).contains(&u));
            sum += u;
        }
        let mean = sum / n as f64;
        assert!((mean - 0.5).abs() < 0.005, "mean {mean}");
    }
}
