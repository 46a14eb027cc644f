//! Speech to text: the Whisper models the transcript comes from, and what
//! was said in an answer, word by word, with times, from whisper.cpp.

pub mod convert;
pub mod engine;
pub mod live;
pub mod model;
pub mod stretch;
pub mod words;
