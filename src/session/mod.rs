//! Saved sessions: `recordings/<session-id>/session.yaml`, written atomically
//! after every answer so that killing the program loses nothing already answered.
//!
//! The format is documented in `recordings/README.md` and typed here: lengths
//! of time through one adapter ([`secs`]), times as [`Timestamp`], `kind` and
//! `verdict` as enums, ratings 1–5, recordings as plain file names inside the
//! session directory, and a version check. A file that breaks any of that is
//! *damaged* ([`Damage`], with the reason), never a panic. In memory a
//! length is a `Duration` to the millisecond (what [`secs::length`] makes of
//! a measured one), at most a day. Bump
//! [`FORMAT_VERSION`] on any change that old readers would misread, and
//! migrate older versions in [`load`].

pub mod analysis;
mod check;
pub mod coach;
#[cfg(test)]
mod coach_heldout;
pub mod consistency;
mod fields;
pub mod history;
#[cfg(test)]
mod mutations;
mod record;
pub mod secs;
pub mod stats;
pub mod store;
mod time;
pub mod transcript;

pub use check::{Damage, load};
pub use record::*;
pub use time::{Timestamp, now};
