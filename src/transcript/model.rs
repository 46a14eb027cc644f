//! Finding, installing and choosing the Whisper model.
