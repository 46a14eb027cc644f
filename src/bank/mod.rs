//! Question banks: the YAML format, loading and validation with precise errors,
//! and the weighted random draw.

mod draw;
mod embedded;
pub mod focus;
pub mod interview;
mod load;
mod model;
pub mod placeholder;
pub mod profile;
pub mod raw;
pub mod stage;

pub use crate::input::{Problem, Problems, closest};
pub use draw::{DrawError, Filter, LONG_TASK, draw, draw_weighted, fresh_seed, sample_weighted};
pub use embedded::BUILTIN;
pub use load::{is_slug, load, load_texts};
pub use model::{Bank, FollowUp, Library, Part, Question, Source};
