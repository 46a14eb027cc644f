//! Audio: capture from the microphone into WAV files, playback, device
//! listing, analysis of what was said (pure functions over samples), and
//! questions read aloud.

pub mod analysis;
pub mod capture;
pub mod devices;
mod envelope;
mod fillers;
mod frames;
mod input_stream;
mod level;
mod pace;
pub mod playback;
pub mod pulse;
pub mod resample;
pub mod speech;
mod stream;
mod voice;
pub mod wavfile;
