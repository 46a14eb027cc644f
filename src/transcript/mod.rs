//! Speech to text: the Whisper models the transcript comes from.

pub mod convert;
pub mod model;
