//! Audio: capture from the microphone into WAV files, playback, device
//! listing, and analysis of what was said (pure functions over samples).

pub mod analysis;
pub mod capture;
pub mod devices;
pub mod playback;
pub mod wavfile;
