//! Everything the user sees: text layout now, the terminal guard, bars and keys later.

pub mod text;
