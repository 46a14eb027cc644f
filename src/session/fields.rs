//! How some of the session file's values are written and checked: what a
//! yes or no, a rate and a level take, ranges, ratings and file names.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use std::ops::RangeInclusive;
use std::path::Path;

/// What a yes or no takes.
pub const YES_NO: &str = "`true` or `false`";
/// What a rate takes (words a minute, syllables a second, fillers a minute).
pub const RATE: &str = "a rate from 0 to 10000";
/// What a level takes.
pub const LEVEL: &str = "a level in dBFS, from -200 to 200";

/// `v` if `range` holds it; otherwise the value is refused and the file damaged.
pub fn within<T: PartialOrd, E: serde::de::Error>(v: T, range: RangeInclusive<T>) -> Result<T, E> {
    if range.contains(&v) {
        Ok(v)
    } else {
        Err(E::custom("out of range"))
    }
}

/// Serde for a rating: 1 to 5, or null.
pub fn rating<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    Option::<u8>::deserialize(d)?
        .map(|r| within(r, 1..=5))
        .transpose()
}

/// Whether `name` names a file directly inside the session directory.
pub fn is_plain_file_name(name: &str) -> bool {
    // A path's last part is never empty, `.` or `..`.
    !name.contains(['/', '\\', '\0']) && Path::new(name).file_name() == Some(name.as_ref())
}

/// Serde for a recording's file name: a plain name inside the session directory.
pub fn file_name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let name = String::deserialize(d)?;
    if is_plain_file_name(&name) {
        Ok(name)
    } else {
        Err(D::Error::custom(
            "not a file name inside the session directory",
        ))
    }
}

impl crate::input::schema::Yaml for std::time::Duration {
    const TY: crate::input::schema::Ty = crate::input::schema::Ty::leaf(super::secs::SECONDS);
}
