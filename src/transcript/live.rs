//! Transcribing while an answer is recorded. The recording's audio goes to
//! one background thread at low priority (a channel send: the caller never
//! waits), which finds the speech as the analysis does, cuts it into
//! stretches at pauses as they end, and transcribes each at once on one
//! core; when the answer ends only its last stretch is left to do, so the
//! transcript is ready a moment later. The model is loaded once, by the
//! caller, and the thread keeps whisper.cpp's working memory for the whole
//! session.

use super::engine::{self, Decoder, EngineError, Model, Settings};
use super::stretch::{self, Cuts};
use super::words;
use crate::audio::analysis::{self, EnvelopeBuilder};
use crate::audio::capture::Tap;
use crate::audio::resample::resample;
use crate::session::analysis::Span;
use crate::session::transcript::{Transcript, Word};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

/// How much nicer than the rest of the program the thread runs (Linux).
pub const NICENESS: i32 = 10;
/// New audio between two looks for the end of a stretch.
const CHECK_EVERY: Duration = Duration::from_millis(250);
/// Audio before what is left to transcribe that the speech analysis also
/// looks at, so its noise floor and speech level are the answer's.
const CONTEXT: Duration = Duration::from_secs(30);

enum Message {
    Begin(u32),
    Audio(Vec<f32>),
    Finish(mpsc::Sender<Result<Transcript, EngineError>>),
    Discard,
}

/// The background transcriber of a session's answers.
pub struct Transcriber {
    tx: Option<mpsc::Sender<Message>>,
    stop: Arc<AtomicBool>,
    worker: Option<JoinHandle<()>>,
}

/// A transcript being finished.
pub struct Pending {
    rx: mpsc::Receiver<Result<Transcript, EngineError>>,
}

impl Pending {
    /// Waits for the transcript.
    pub fn wait(self) -> Result<Transcript, EngineError> {
        self.rx.recv().unwrap_or(Err(EngineError::Stopped))
    }

    /// The transcript if it is ready; never waits.
    pub fn try_take(&self) -> Option<Result<Transcript, EngineError>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(EngineError::Stopped)),
        }
    }
}

/// How the background transcriber runs.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveSettings {
    /// The recogniser while an answer is being recorded (its `threads`
    /// should stay 1: the drill and the recording come first).
    pub during: Settings,
    /// Threads for what is left once the answer has ended.
    pub after_threads: usize,
}

impl Default for LiveSettings {
    fn default() -> LiveSettings {
        LiveSettings {
            during: Settings::default(),
            after_threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

impl Transcriber {
    /// Starts the thread, which sets up whisper.cpp's working memory for
    /// `model` and waits for answers, and the thread that finishes an
    /// answer once it has ended. Call it from a thread of normal priority:
    /// the finishing thread keeps the caller's.
    pub fn start(model: Arc<Model>, settings: LiveSettings) -> std::io::Result<Transcriber> {
        let (tx, rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let (tail_tx, tail_rx) = mpsc::channel::<Tail>();
        std::thread::Builder::new()
            .name("transcriber-end".into())
            .spawn(move || finish_answers(tail_rx))?;
        let flag = stop.clone();
        let worker = std::thread::Builder::new()
            .name("transcriber".into())
            .spawn(move || run(model, settings, rx, flag, tail_tx))?;
        Ok(Transcriber {
            tx: Some(tx),
            stop,
            worker: Some(worker),
        })
    }

    fn send(&self, m: Message) {
        if let Some(tx) = &self.tx {
            // A worker that is gone has failed already; finish says so.
            let _ = tx.send(m);
        }
    }

    /// Starts a new answer recorded at `rate` Hz (an unfinished one is dropped).
    pub fn begin(&self, rate: u32) {
        self.send(Message::Begin(rate));
    }

    /// The answer's next mono samples (−1..1), in order, as they are
    /// recorded; never waits.
    pub fn push(&self, samples: &[f32]) {
        self.send(Message::Audio(samples.to_vec()));
    }

    /// The answer has ended: its transcript, once the rest is transcribed.
    /// A stretch being transcribed at low priority is abandoned and done
    /// again with the rest, at the caller's priority.
    pub fn finish(&self) -> Pending {
        let (tx, rx) = mpsc::channel();
        // Set before the message, so the thread's reset on taking it up
        // always comes after.
        self.stop.store(true, Ordering::Relaxed);
        self.send(Message::Finish(tx));
        Pending { rx }
    }

    /// Drops the answer in progress (a restart or a discarded take).
    pub fn discard(&self) {
        self.send(Message::Discard);
    }
}

/// The transcriber as the recorder's [`Tap`]: it hears every take as it is
/// written, and each finished take's transcript-to-be waits, in order, in
/// the [`Finished`] queue it was made with.
struct Tapped {
    transcriber: Transcriber,
    finished: Finished,
}

/// Transcripts of finished takes, in the order the takes finished.
#[derive(Clone, Default)]
pub struct Finished(Arc<Mutex<VecDeque<Pending>>>);

impl Finished {
    /// The transcript of the take that finished earliest and was not yet
    /// taken; call it once per finished take, after the recorder hands the
    /// take over (the tap has queued it by then).
    pub fn next(&self) -> Option<Pending> {
        self.0.lock().ok()?.pop_front()
    }
}

impl Transcriber {
    /// Hands the transcriber to a recorder: every take is transcribed as it
    /// is written, and its transcript comes from the returned queue.
    pub fn into_tap(self) -> (Box<dyn Tap>, Finished) {
        let finished = Finished::default();
        let tap = Tapped {
            transcriber: self,
            finished: finished.clone(),
        };
        (Box::new(tap), finished)
    }
}

impl Tap for Tapped {
    fn begin(&mut self, rate: u32) {
        self.transcriber.begin(rate);
    }

    fn push(&mut self, samples: &[i16]) {
        if !samples.is_empty() {
            let audio = samples.iter().map(|&s| f32::from(s) / 32768.0).collect();
            self.transcriber.send(Message::Audio(audio));
        }
    }

    fn discard(&mut self) {
        self.transcriber.discard();
    }

    fn finish(&mut self) {
        let pending = self.transcriber.finish();
        if let Ok(mut queue) = self.finished.0.lock() {
            queue.push_back(pending);
        }
    }
}

impl Drop for Transcriber {
    fn drop(&mut self) {
        // Abandons the stretch in progress, then lets the thread end.
        self.stop.store(true, Ordering::Relaxed);
        self.tx = None;
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

/// A stretch cut and waiting for the recogniser.
struct Job {
    offset: Duration,
    audio: Vec<f32>,
    speech: Vec<Span>,
}

/// The answer being recorded, as the thread sees it.
struct Answer {
    rate: u32,
    /// The samples not yet handed to a stretch, from sample `kept_from` on.
    samples: Vec<f32>,
    kept_from: usize,
    /// Up to [`CONTEXT`] of the audio handed over, just before `samples`:
    /// what the speech analysis also looks at.
    context: VecDeque<f32>,
    received: usize,
    checked_at: usize,
    /// Where the audio handed to stretches so far ends.
    done_until: Duration,
    words: Vec<Word>,
    error: Option<EngineError>,
}

impl Answer {
    fn new(rate: u32) -> Answer {
        Answer {
            rate: rate.max(1),
            samples: Vec::new(),
            kept_from: 0,
            context: VecDeque::new(),
            received: 0,
            checked_at: 0,
            done_until: Duration::ZERO,
            words: Vec::new(),
            error: None,
        }
    }

    fn add(&mut self, samples: &[f32]) {
        self.samples.extend_from_slice(samples);
        self.received += samples.len();
    }

    /// Whether enough new audio has come to look for a stretch's end.
    fn due(&self) -> bool {
        engine::duration_of((self.received - self.checked_at) as u64, self.rate) >= CHECK_EVERY
    }

    /// The stretches that have ended (with `last`, all that is left).
    fn cut(&mut self, cuts: &Cuts, last: bool) -> Vec<Job> {
        self.checked_at = self.received;
        let (speech, total) = self.speech_since_context();
        let mut jobs = Vec::new();
        for st in stretch::cut(&speech, total, cuts, !last) {
            let start = st.start.max(self.done_until);
            let a = engine::index_of(start, self.rate).saturating_sub(self.kept_from);
            let b = engine::index_of(st.end, self.rate).saturating_sub(self.kept_from);
            let audio = &self.samples[a.min(self.samples.len())..b.min(self.samples.len())];
            jobs.push(Job {
                offset: start,
                audio: resample(audio, self.rate, engine::RATE),
                speech: st.speech,
            });
            self.done_until = st.end;
        }
        let done = engine::index_of(self.done_until, self.rate)
            .saturating_sub(self.kept_from)
            .min(self.samples.len());
        self.context.extend(self.samples.drain(..done));
        let keep = engine::index_of(CONTEXT, self.rate);
        let over = self.context.len().saturating_sub(keep);
        self.context.drain(..over);
        self.kept_from += done;
        jobs
    }

    /// The speech the analysis finds in the audio not yet handed over and
    /// the [`CONTEXT`] before it (so its noise floor and speech level are
    /// the answer's while the cost stays flat however long the recording),
    /// cut to start no earlier than `done_until`; and where the audio
    /// received so far ends.
    fn speech_since_context(&self) -> (Vec<Span>, Duration) {
        let mut builder = EnvelopeBuilder::new(self.rate);
        let (a, b) = self.context.as_slices();
        builder.push(a);
        builder.push(b);
        builder.push(&self.samples);
        let env = builder.finish();
        let at = engine::duration_of((self.kept_from - self.context.len()) as u64, self.rate);
        let after = self.done_until;
        let speech = analysis::analyze(&env, &analysis::Options::default())
            .speech
            .into_iter()
            .filter_map(|s| {
                let (start, end) = (s.start + at, s.end() + at);
                (end > after).then(|| Span {
                    start: start.max(after),
                    length: end - start.max(after),
                })
            })
            .collect();
        (speech, at + env.total)
    }
}

/// What is left of an answer once it has ended, for the thread that
/// finishes it; the decoder comes back when it is done.
struct Tail {
    decoder: Decoder,
    answer: Answer,
    jobs: VecDeque<Job>,
    reply: mpsc::Sender<Result<Transcript, EngineError>>,
    back: mpsc::Sender<Decoder>,
}

/// The thread that transcribes what is left of each answer at the priority
/// it was started with (a thread cannot raise its own again once lowered),
/// on every core the settings allow.
fn finish_answers(rx: mpsc::Receiver<Tail>) {
    for mut tail in rx {
        while let Some(job) = tail.jobs.pop_front() {
            if decode(&mut tail.decoder, &mut tail.answer, job).is_some() {
                // Stopped: the transcriber is being dropped.
                tail.answer.error = Some(EngineError::Stopped);
                break;
            }
        }
        let a = tail.answer;
        let _ = tail.reply.send(match a.error {
            Some(e) => Err(e),
            None => Ok(Transcript {
                text: words::text(&a.words),
                words: a.words,
            }),
        });
        let _ = tail.back.send(tail.decoder);
    }
}

fn run(
    model: Arc<Model>,
    settings: LiveSettings,
    rx: mpsc::Receiver<Message>,
    stop: Arc<AtomicBool>,
    tail: mpsc::Sender<Tail>,
) {
    lower_priority();
    let during = Settings {
        threads: settings.during.threads.max(1),
        ..settings.during.clone()
    };
    let cuts = during.cuts;
    let mut decoder = Decoder::new(model, during.clone())
        .map(|d| d.stopped_by(stop.clone()))
        .map_err(|e| e.to_string());
    let mut answer: Option<Answer> = None;
    let mut jobs: VecDeque<Job> = VecDeque::new();
    loop {
        // Take what has arrived first; wait only when there is nothing to do.
        let message = if jobs.is_empty() {
            match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => return,
            }
        } else {
            match rx.try_recv() {
                Ok(m) => Some(m),
                Err(mpsc::TryRecvError::Empty) => None,
                Err(mpsc::TryRecvError::Disconnected) => return,
            }
        };
        match message {
            Some(Message::Begin(rate)) => {
                answer = Some(Answer::new(rate));
                jobs.clear();
                if let Ok(d) = &mut decoder {
                    d.reset();
                }
            }
            Some(Message::Audio(samples)) => {
                if let Some(a) = &mut answer {
                    a.add(&samples);
                    if a.due() {
                        jobs.extend(a.cut(&cuts, false));
                    }
                }
            }
            Some(Message::Discard) => {
                answer = None;
                jobs.clear();
            }
            Some(Message::Finish(reply)) => {
                // The hurry `finish` asked for is taken up here; a stop
                // from dropping the transcriber also closes the channel.
                stop.store(false, Ordering::Relaxed);
                match (answer.take(), decoder) {
                    (None, d) => {
                        let _ = reply.send(Ok(Transcript::default()));
                        decoder = d;
                    }
                    (Some(_), Err(e)) => {
                        let _ = reply.send(Err(EngineError::Run(e.clone())));
                        decoder = Err(e);
                    }
                    (Some(mut a), Ok(mut d)) => {
                        jobs.extend(a.cut(&cuts, true));
                        d.set_threads(settings.after_threads);
                        let (back, returned) = mpsc::channel();
                        let jobs = std::mem::take(&mut jobs);
                        let sent = tail.send(Tail {
                            decoder: d,
                            answer: a,
                            jobs,
                            reply,
                            back,
                        });
                        // The next answer's audio waits in the channel meanwhile.
                        decoder = match sent.ok().and_then(|()| returned.recv().ok()) {
                            Some(mut d) => {
                                d.set_threads(during.threads);
                                Ok(d)
                            }
                            None => return,
                        };
                    }
                }
            }
            None => {
                if let (Some(job), Some(a), Ok(d)) = (jobs.pop_front(), &mut answer, &mut decoder)
                    && let Some(job) = decode(d, a, job)
                {
                    // Abandoned for `finish`: done again with the rest.
                    jobs.push_front(job);
                }
            }
        }
    }
}

/// Transcribes `job` into `answer`; gives the job back when the decoder
/// was stopped part-way, to be done again.
fn decode(decoder: &mut Decoder, answer: &mut Answer, job: Job) -> Option<Job> {
    if answer.error.is_some() {
        return None;
    }
    match decoder.stretch(&job.audio, job.offset, &job.speech) {
        Ok(words) => answer.words.extend(words),
        Err(EngineError::Stopped) => return Some(job),
        Err(e) => answer.error = Some(e),
    }
    None
}

/// Lowers this thread's scheduling priority (Linux: niceness is per thread).
fn lower_priority() {
    // A failure leaves the priority as it was, which is harmless.
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), NICENESS);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_priority_makes_only_its_own_thread_nicer() {
        use rustix::process::getpriority_process;
        let before = getpriority_process(None).unwrap();
        let own = std::thread::spawn(|| {
            lower_priority();
            getpriority_process(Some(rustix::thread::gettid())).unwrap()
        });
        let own = own.join().unwrap();
        // Unless this process already runs nicer and may not go back.
        assert!(
            own == NICENESS || own == before && before > NICENESS,
            "{own}"
        );
        assert_eq!(getpriority_process(None).unwrap(), before);
    }

    /// `secs` of a loud tone (speech, as far as the level goes) or of a
    /// quiet hiss, at 16 kHz.
    fn sound(loud: bool, secs: f64, seed: &mut u32) -> Vec<f32> {
        (0..(secs * 16_000.0) as usize)
            .map(|i| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 17;
                *seed ^= *seed << 5;
                let hiss = (*seed as f32 / u32::MAX as f32 - 0.5) * 0.002;
                let tone = (i as f32 * 220.0 * std::f32::consts::TAU / 16_000.0).sin() * 0.3;
                if loud { tone + hiss } else { hiss }
            })
            .collect()
    }

    #[test]
    fn a_stretch_is_handed_over_once_the_pause_after_it_is_heard() {
        let mut seed = 1;
        let mut answer = Answer::new(16_000);
        let cuts = Cuts::default();
        let mut feed = |answer: &mut Answer, loud, secs| {
            let mut jobs = Vec::new();
            for block in sound(loud, secs, &mut seed).chunks(320) {
                answer.add(block);
                if answer.due() {
                    jobs.extend(answer.cut(&cuts, false));
                }
            }
            jobs
        };
        assert!(feed(&mut answer, false, 1.0).is_empty());
        assert!(feed(&mut answer, true, 5.0).is_empty(), "still speaking");
        let jobs = feed(&mut answer, false, 1.0);
        assert_eq!(jobs.len(), 1, "the pause has been heard");
        let job = &jobs[0];
        assert!(
            (job.offset.as_secs_f64() - 0.8).abs() < 0.05,
            "{:?}",
            job.offset
        );
        let length = job.audio.len() as f64 / 16_000.0;
        assert!((length - 5.4).abs() < 0.05, "{length}");
        assert!(feed(&mut answer, true, 3.0).is_empty());
        // The answer ends mid-speech: the rest goes at the end.
        let rest = answer.cut(&cuts, true);
        assert_eq!(rest.len(), 1);
        assert!(rest[0].offset >= job.offset + Duration::from_secs_f64(length));
        // What was handed over is no longer kept.
        assert!(
            answer.samples.len() < 16_000 / 2,
            "{}",
            answer.samples.len()
        );
    }
}
