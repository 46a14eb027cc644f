//! Speech to text: what was said in an answer, word by word, with times,
//! from whisper.cpp.

pub mod engine;
pub mod live;
pub mod stretch;
pub mod words;
