//! What the input stream's callback and the recorder share: the counters
//! and levels both sides update, and why a stream could not start.

use super::devices::DeviceError;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::Thread;

/// Why recording could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AudioError {
    /// No device, or a name that matched none or several.
    #[error(transparent)]
    Device(#[from] DeviceError),
    /// The default input exists in name only: nothing can record from it.
    #[error("no microphone found (the default input `{0}` cannot record)")]
    NoMicrophone(String),
    /// The device offers no format we can read.
    #[error("the microphone `{device}` offers no usable format: {detail}")]
    NoUsableFormat {
        /// Device name.
        device: String,
        /// What the system said.
        detail: String,
    },
    /// Another program holds the device.
    #[error("the microphone `{0}` is busy (another program is using it)")]
    Busy(String),
    /// Any other failure to open or start the stream.
    #[error("cannot open the microphone `{device}`: {detail}")]
    Open {
        /// Device name.
        device: String,
        /// What the system said.
        detail: String,
    },
    /// The stream started but no audio arrived.
    #[error("the microphone `{0}` delivers no audio")]
    NoAudio(String),
}

/// Counters and levels shared by the callback, the writer and the screen.
#[derive(Debug, Default)]
pub(super) struct Shared {
    /// Samples the callback could not fit in the ring.
    pub(super) dropped: AtomicU64,
    /// Over- and underruns the host reported.
    pub(super) xruns: AtomicU64,
    /// Times the stream delivered nothing for `capture`'s `STALL` or longer.
    pub(super) stalls: AtomicU64,
    /// Frames the callback has received in all.
    pub(super) captured: AtomicU64,
    /// Set once a delivery has told when its audio was captured.
    pub(super) marked: AtomicBool,
    /// Recent level in dBFS (f32 bits), decaying.
    pub(super) level: AtomicU32,
    /// Peak of the current take, linear 0..1 (f32 bits).
    pub(super) take_peak: AtomicU32,
    /// Frames at the end of the current take that have no level at all.
    pub(super) take_unheard: AtomicU64,
    /// Set once the device was lost or a write failed.
    pub(super) failed: AtomicBool,
    /// What went wrong, for the user.
    pub(super) failure: Mutex<Option<String>>,
    /// The writer thread, which the callback and commands wake.
    pub(super) writer: OnceLock<Thread>,
}

impl Shared {
    /// Wakes the writer (lock-free: an atomic swap, and a futex wake if it sleeps).
    pub(super) fn wake(&self) {
        if let Some(t) = self.writer.get() {
            t.unpark();
        }
    }

    /// Samples dropped, xruns and stalls so far.
    pub(super) fn counts(&self) -> Counts {
        Counts {
            dropped: self.dropped.load(Ordering::SeqCst),
            xruns: self.xruns.load(Ordering::SeqCst),
            stalls: self.stalls.load(Ordering::SeqCst),
        }
    }

    pub(super) fn fail(&self, why: String) {
        if let Ok(mut f) = self.failure.lock()
            && f.is_none()
        {
            *f = Some(why);
        }
        self.failed.store(true, Ordering::SeqCst);
    }
}

/// What went wrong with the stream, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Samples the writer could not keep.
    pub dropped: u64,
    /// Over- and underruns the host reported.
    pub xruns: u64,
    /// Times the stream delivered nothing for 1.5 s or longer.
    pub stalls: u64,
}

impl Counts {
    /// What happened since `base`.
    pub(super) fn since(self, base: Counts) -> Counts {
        Counts {
            dropped: self.dropped.saturating_sub(base.dropped),
            xruns: self.xruns.saturating_sub(base.xruns),
            stalls: self.stalls.saturating_sub(base.stalls),
        }
    }
}
