//! Opening the microphone's stream for [`super::capture`]: cpal's, in
//! whatever sample format the device offers, or, through a PulseAudio
//! server, our own (see [`super::pulse`]). Every delivery of audio goes
//! through a [`Feed`]: a down-mix to mono 16-bit into the recorder's ring, a
//! capture-time mark, and a wake for its writer.

use super::devices::{self, Device, quiet_stderr, speech_buffer};
use super::pulse;
use super::stream::{AudioError, Shared};
use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, Sample, SizedSample};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// When the first sample of a callback's buffer was captured, by the
/// program's clock: how samples are matched to the moments keys were pressed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    /// Index just past the buffer's last sample, since the stream opened.
    pub(super) at: u64,
    /// When it was captured.
    pub(super) captured: Instant,
}

/// Where a stream's deliveries go: the samples' ring and the marks' ring.
pub(super) type Rings = (rtrb::Producer<i16>, rtrb::Producer<Mark>);

/// The stream audio comes from: cpal's, or, through PulseAudio, our own
/// (see [`super::pulse`]). Dropping it stops the callbacks.
pub(super) enum Input {
    Cpal(#[allow(dead_code)] cpal::Stream),
    Pulse(#[allow(dead_code)] pulse::RecordStream),
}

/// What to record a device in: a format cpal's device offers, or, from a
/// PulseAudio source, its own rate (the server converts to mono 16-bit).
pub(super) enum Format {
    Cpal(cpal::SupportedStreamConfig),
    Pulse(u32),
}

impl Format {
    /// The sample rate, which the takes use.
    pub(super) fn rate(&self) -> u32 {
        match self {
            Format::Cpal(config) => config.sample_rate(),
            Format::Pulse(rate) => *rate,
        }
    }
}

/// The format to record `device` in: its default rate in mono 16-bit, what
/// the takes are, when the device offers it (sound servers convert for
/// free, and a quarter of the bytes of stereo float crosses the socket);
/// else its default. `named` says the user chose the device.
pub(super) fn format(device: &Device, named: bool) -> Result<Format, AudioError> {
    let name = devices::display_name(device);
    let device = match device {
        Device::Cpal(device) => device,
        Device::Pulse(source) => return Ok(Format::Pulse(source.rate)),
    };
    let config = quiet_stderr(|| device.default_input_config()).map_err(|e| {
        if named {
            AudioError::NoUsableFormat {
                device: name,
                detail: e.to_string(),
            }
        } else {
            AudioError::NoMicrophone(name)
        }
    })?;
    let rate = config.sample_rate();
    Ok(Format::Cpal(quiet_stderr(|| {
        let offered = device.supported_input_configs();
        devices::mono_at(offered, cpal::SampleFormat::I16, rate, config)
    })))
}

/// Opens and starts `device` in `format` (from [`format`]): a PulseAudio
/// source with our own record stream, else through cpal; `named` as for [`format`].
pub(super) fn open(
    device: &Device,
    format: Format,
    rings: Rings,
    shared: &Arc<Shared>,
    named: bool,
) -> Result<Input, AudioError> {
    let device_name = devices::display_name(device);
    let (device, config) = match (device, format) {
        (Device::Cpal(device), Format::Cpal(config)) => (device, config),
        (_, format) => return open_pulse(&device_name, format.rate(), rings, shared),
    };
    let stream =
        quiet_stderr(|| build_stream(device, config, rings, shared)).map_err(|e| {
            match e.kind() {
                cpal::ErrorKind::DeviceBusy => AudioError::Busy(device_name.clone()),
                cpal::ErrorKind::UnsupportedConfig => AudioError::NoUsableFormat {
                    device: device_name.clone(),
                    detail: e.to_string(),
                },
                cpal::ErrorKind::DeviceNotAvailable | cpal::ErrorKind::HostUnavailable
                    if !named =>
                {
                    AudioError::NoMicrophone(device_name.clone())
                }
                _ => AudioError::Open {
                    device: device_name.clone(),
                    detail: e.to_string(),
                },
            }
        })?;
    quiet_stderr(|| stream.play()).map_err(|e| match e.kind() {
        cpal::ErrorKind::DeviceBusy => AudioError::Busy(device_name.clone()),
        _ => AudioError::Open {
            device: device_name.clone(),
            detail: e.to_string(),
        },
    })?;
    Ok(Input::Cpal(stream))
}

/// Opens the PulseAudio source `source` with our own record stream, mono
/// 16-bit at `rate` (the server converts), fragments of a capture callback.
fn open_pulse(
    source: &str,
    rate: u32,
    rings: Rings,
    shared: &Arc<Shared>,
) -> Result<Input, AudioError> {
    let mut feed = Feed::new(rings, Arc::clone(shared), 1);
    let end_shared = Arc::clone(shared);
    pulse::record(
        source,
        rate,
        devices::callback_period(devices::CAPTURE_CALLBACK),
        move |samples: &[i16]| feed.take(samples),
        move |why| end_shared.fail(format!("the microphone stopped: {why}")),
    )
    .map(Input::Pulse)
    .map_err(|detail| AudioError::Open {
        device: source.to_string(),
        detail,
    })
}

fn build_stream(
    device: &cpal::Device,
    config: cpal::SupportedStreamConfig,
    producer: Rings,
    shared: &Arc<Shared>,
) -> Result<cpal::Stream, cpal::Error> {
    let format = config.sample_format();
    let channels = usize::from(config.channels());
    let config = speech_buffer(&config, devices::CAPTURE_CALLBACK);
    macro_rules! build {
        ($t:ty) => {
            build_typed::<$t>(device, config, channels, producer, shared)
        };
    }
    match format {
        cpal::SampleFormat::I16 => build!(i16),
        cpal::SampleFormat::I32 => build!(i32),
        cpal::SampleFormat::U16 => build!(u16),
        cpal::SampleFormat::U8 => build!(u8),
        cpal::SampleFormat::I8 => build!(i8),
        cpal::SampleFormat::F64 => build!(f64),
        _ => build!(f32),
    }
}

fn build_typed<T>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    channels: usize,
    rings: Rings,
    shared: &Arc<Shared>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample,
    f32: FromSample<T>,
    i16: FromSample<T>,
{
    let mut feed = Feed::new(rings, Arc::clone(shared), channels);
    let err_shared = Arc::clone(shared);
    device.build_input_stream::<T, _, _>(
        config,
        move |data: &[T], _: &cpal::InputCallbackInfo| feed.take(data),
        move |err: cpal::Error| match err.kind() {
            cpal::ErrorKind::Xrun => {
                err_shared.xruns.fetch_add(1, Ordering::Relaxed);
            }
            // The device is gone for good.
            kind if devices::device_gone(&err) || kind == cpal::ErrorKind::PermissionDenied => {
                err_shared.fail(format!("the microphone stopped: {err}"))
            }
            // Hosts report passing trouble too (the PulseAudio plugin's I/O
            // errors); the stream goes on, and the writer's watchdog catches
            // a stream that really stopped.
            _ => {}
        },
        None,
    )
}

/// What each delivery of audio goes through, from cpal's callback or the
/// PulseAudio reader: a down-mix to mono into the ring, a capture-time
/// mark, and a wake for the writer.
struct Feed {
    producer: rtrb::Producer<i16>,
    marks: rtrb::Producer<Mark>,
    shared: Arc<Shared>,
    channels: usize,
    pushed: u64,
    started: bool,
}

impl Feed {
    fn new((producer, marks): Rings, shared: Arc<Shared>, channels: usize) -> Feed {
        Feed {
            producer,
            marks,
            shared,
            channels: channels.max(1),
            pushed: 0,
            started: false,
        }
    }

    fn take<T>(&mut self, data: &[T])
    where
        T: SizedSample,
        f32: FromSample<T>,
        i16: FromSample<T>,
    {
        // Real-time context: arithmetic, ring pushes, atomics and the
        // clock (a vDSO read) only.
        // The buffer's arrival time stands for when its last sample was
        // captured: hosts' latency reports vary wildly (the PulseAudio
        // plugin's swing from 0.26 s to 0 on a steady stream), while
        // arrival minus position is steady, and the writer takes its
        // minimum. (Taken as the first sample's time, it put every command
        // up to a buffer early, at audio the writer had already passed.)
        let arrived = Instant::now();
        let channels = self.channels;
        let mut dropped = 0u64;
        let mut frames = 0u64;
        let scale = 1.0 / channels as f32;
        for frame in data.chunks_exact(channels) {
            let s = if channels == 1 {
                // Mono 16-bit (what sound servers hand over) goes straight in.
                i16::from_sample(frame[0])
            } else {
                let mut sum = 0.0f32;
                for &s in frame {
                    sum += f32::from_sample(s);
                }
                let v = (sum * scale).clamp(-1.0, 1.0);
                (v * 32767.0).round() as i16
            };
            if self.producer.push(s).is_err() {
                dropped += 1;
            }
            frames += 1;
        }
        // Dropped samples still count, so later indices keep their times.
        self.pushed += frames;
        if self.started {
            let _ = self.marks.push(Mark {
                at: self.pushed,
                captured: arrived,
            });
        }
        if dropped > 0 {
            self.shared.dropped.fetch_add(dropped, Ordering::Relaxed);
        }
        self.shared.captured.fetch_add(frames, Ordering::Relaxed);
        if self.started {
            self.shared.marked.store(true, Ordering::SeqCst);
        }
        // The first delivery can hold a backlog that did not take its own
        // length to capture (a PulseAudio server hands over ~0.17 s at once
        // on opening), so its arrival says nothing of when it was captured:
        // its audio goes in, unmarked, before what later marks place.
        self.started = true;
        self.shared.wake();
    }
}
