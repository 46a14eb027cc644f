//! `rehearse report --html`: one session as a single HTML page that needs
//! nothing else to open it. Its header gives the session's timing against
//! the targets; each answer (or the talk) has the figures the summary and
//! replay show, its level envelope as inline SVG with pauses and fillers
//! marked, its audio as a `data:` URI, and its transcript with each word a
//! link into the audio. Every text from the session is escaped for HTML.

mod clip;
mod html;
mod svg;

pub use clip::{Clip, PAGE_RATE};

use html::esc;

use super::style::Tone;
use super::verdict::{heard_line, verdict_line, words_detail, words_line};
use crate::config::PaceBand;
use crate::duration::{fmt_rounded, fmt_signed};
use crate::session::analysis::Analysis;
use crate::session::coach::{Coaching, is_filler};
use crate::session::transcript::Transcript;
use crate::session::{Item, Kind, Recording, Session, Verdict, stats};
use base64::Engine;
use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

/// A recording read for the page, or why it could not be; `None` when
/// nothing was recorded.
pub type Read = Option<Result<Clip, String>>;

/// Every recording of `session` (in `dir`), read for the page: one per
/// item, and the talk's.
pub fn read_clips(dir: &Path, session: &Session) -> (Vec<Read>, Read) {
    let read = |rec: Option<&Recording>, stored: Option<&Analysis>| {
        rec.map(|r| Clip::read(&dir.join(&r.file), stored))
    };
    let items = session
        .items
        .iter()
        .map(|it| read(it.recording.as_ref(), it.analysis.as_ref()))
        .collect();
    let talk = session
        .talk
        .as_ref()
        .and_then(|t| read(t.recording.as_ref(), t.analysis.as_ref()));
    (items, talk)
}

/// The page for `session`, with its recordings as [`read_clips`] read them.
pub fn page(session: &Session, items: &[Read], talk: &Read, band: &PaceBand) -> String {
    let when = session.started.local_minute();
    let kind = match session.kind {
        Kind::Drill => "Drill",
        Kind::Interview => "Interview",
        Kind::Present => "Presentation",
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{kind} {when} · rehearse</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>{kind}, {when}</h1>\n"
    );
    let state = if session.completed {
        "completed"
    } else {
        "ended early"
    };
    let mut meta = vec![format!("session {}", esc(&session.id)), state.to_string()];
    if let Some(s) = session.settings.as_ref().filter(|s| !s.banks.is_empty()) {
        let banks: Vec<String> = s.banks.iter().map(|b| esc(b)).collect();
        meta.push(format!("banks: {}", banks.join(", ")));
    }
    if let Some(t) = &session.talk {
        meta.push(format!("plan: {} ({})", esc(&t.title), esc(&t.plan)));
    } else {
        meta.push(esc(&super::summary_view::counts(session)));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));
    match &session.talk {
        Some(t) => talk_timing(&mut out, t),
        None => answer_timing(&mut out, &session.items),
    }
    out.push_str("</header>\n<main>\n");
    for (i, (it, read)) in session.items.iter().zip(items).enumerate() {
        answer(&mut out, i + 1, it, read, band);
    }
    if let Some(t) = &session.talk {
        let sections = t
            .visits
            .iter()
            .filter_map(|v| {
                let s = t.sections.get(v.section)?;
                Some((v.at.as_secs_f64(), s.name.clone()))
            })
            .collect();
        let _ = writeln!(
            out,
            "<article class=\"answer talk\" id=\"talk\">\n<h2>{}</h2>",
            esc(&t.title)
        );
        let heard = Heard {
            recording: t.recording.as_ref(),
            stored: t.analysis.as_ref(),
            transcript: t.transcript.as_ref(),
            coaching: None,
            sections,
        };
        heard.write(&mut out, talk, band);
        out.push_str("</article>\n");
    }
    let _ = write!(
        out,
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

/// The answers' lengths against their targets: a row and a bar each.
fn answer_timing(out: &mut String, items: &[Item]) {
    if items.is_empty() {
        return;
    }
    let scale = items
        .iter()
        .map(|i| i.duration.max(i.max))
        .max()
        .unwrap_or_default();
    out.push_str(
        "<table class=\"timing\">\n<thead><tr><th>#</th><th>question</th><th>time</th>\
         <th>target</th><th>min–max</th><th>verdict</th><th></th></tr></thead>\n<tbody>\n",
    );
    for (i, it) in items.iter().enumerate() {
        let (_, tone) = verdict_line(it);
        let range = format!(
            "{}–{}",
            it.min.map_or("0:00".into(), fmt_rounded),
            fmt_rounded(it.max)
        );
        let mut ticks = vec![("target", it.target), ("max", it.max)];
        ticks.extend(it.min.map(|m| ("min", m)));
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"q\"><a href=\"#answer-{}\">{}</a></td><td>{}</td><td>{}</td><td>{range}</td>\
             <td class=\"{}\">{}</td><td>{}</td></tr>",
            i + 1,
            i + 1,
            esc(&it.text),
            fmt_rounded(it.duration),
            fmt_rounded(it.target),
            tone_class(tone),
            it.verdict.label(),
            bar(it.duration, scale, tone, &ticks)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A talk's sections planned against actual, and the total.
fn talk_timing(out: &mut String, t: &crate::session::Talk) {
    let scale = t
        .sections
        .iter()
        .map(|s| s.actual.max(s.planned))
        .max()
        .unwrap_or_default();
    out.push_str(
        "<table class=\"timing\">\n<thead><tr><th>section</th><th>planned</th><th>actual</th>\
         <th>delta</th><th></th></tr></thead>\n<tbody>\n",
    );
    let row =
        |out: &mut String, name: &str, planned: Duration, actual: Option<Duration>, bar: String| {
            let (shown, delta) = match actual {
                Some(a) => (fmt_rounded(a), delta(a, planned)),
                None => ("–".into(), String::new()),
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{shown}</td><td>{delta}</td><td>{bar}</td></tr>",
                esc(name),
                fmt_rounded(planned)
            );
        };
    for s in &t.sections {
        let reached = s.start.flatten().is_some();
        let tone = if s.actual > s.planned {
            Tone::Bad
        } else {
            Tone::Good
        };
        let shown = bar(s.actual, scale, tone, &[("planned", s.planned)]);
        row(out, &s.name, s.planned, reached.then_some(s.actual), shown);
    }
    let tone = if t.total > t.planned {
        Tone::Bad
    } else {
        Tone::Good
    };
    let total = bar(
        t.total,
        t.total.max(t.planned),
        tone,
        &[("planned", t.planned)],
    );
    row(out, "Total", t.planned, Some(t.total), total);
    out.push_str("</tbody>\n</table>\n");
}

/// `+0:12` over plan, `-0:12` under.
fn delta(actual: Duration, planned: Duration) -> String {
    fmt_signed(actual.abs_diff(planned), actual < planned)
}

/// A bar of `len` on a scale of `scale`, with a tick at each of `ticks`.
fn bar(len: Duration, scale: Duration, tone: Tone, ticks: &[(&str, Duration)]) -> String {
    let pct = |d: Duration| (d.as_secs_f64() / scale.as_secs_f64().max(1e-3) * 100.0).min(100.0);
    let mut out = format!(
        "<div class=\"bar\"><span class=\"fill {}\" style=\"width:{:.1}%\"></span>",
        tone_class(tone),
        pct(len)
    );
    for (name, at) in ticks {
        let _ = write!(
            out,
            "<i class=\"{name}\" style=\"left:{:.1}%\" title=\"{name} {}\"></i>",
            pct(*at),
            fmt_rounded(*at)
        );
    }
    out.push_str("</div>");
    out
}

/// One answer: the question, its figures, and what was recorded.
fn answer(out: &mut String, n: usize, it: &Item, read: &Read, band: &PaceBand) {
    let _ = writeln!(
        out,
        "<article class=\"answer\" id=\"answer-{n}\">\n<h2><span class=\"n\">{n}</span> {}</h2>",
        esc(&it.text)
    );
    let mut about = vec![esc(&it.category)];
    if let Some(of) = it.follow_up_of {
        about.push(format!("follow-up to <a href=\"#answer-{of}\">{of}</a>"));
    }
    about.push(
        it.rating
            .map_or("not rated".into(), |r| format!("rated {r} of 5")),
    );
    if it.take_count() > 1 {
        about.push(format!("take {} of {}", it.take, it.take_count()));
    }
    if it.excluded {
        about.push("excluded from stats".into());
    }
    let _ = writeln!(out, "<p class=\"about\">{}</p>", about.join(" · "));
    if let Some(note) = &it.note {
        let lines: Vec<String> = note.lines().map(esc).collect();
        let _ = writeln!(out, "<p class=\"note\">Note: {}</p>", lines.join("<br>"));
    }
    let (line, tone) = verdict_line(it);
    let _ = writeln!(
        out,
        "<p class=\"verdict {}\">{}</p>",
        tone_class(tone),
        esc(&line)
    );
    if !it.parts.is_empty() {
        let parts: Vec<String> = it
            .parts
            .iter()
            .map(|p| {
                format!(
                    "{} {}/{}",
                    esc(&p.name),
                    fmt_rounded(p.actual),
                    fmt_rounded(p.planned)
                )
            })
            .collect();
        let _ = writeln!(out, "<p class=\"parts\">{}</p>", parts.join(" · "));
    }
    // The coaching reads the sound's figures: a fresh analysis stands in
    // for one the session did not store (as in replay).
    let mut measured = it.clone();
    if let Some(Ok(clip)) = read {
        measured.analysis = Some(clip.analysis.clone());
    }
    let heard = Heard {
        recording: it.recording.as_ref(),
        stored: it.analysis.as_ref(),
        transcript: it.transcript.as_ref(),
        coaching: stats::coaching(&measured, &[]),
        sections: Vec::new(),
    };
    if it.verdict != Verdict::Skipped || it.recording.is_some() {
        heard.write(out, read, band);
    }
    out.push_str("</article>\n");
}

/// What a recording holds, for an answer or a talk.
struct Heard<'a> {
    recording: Option<&'a Recording>,
    stored: Option<&'a Analysis>,
    transcript: Option<&'a Transcript>,
    coaching: Option<Coaching>,
    /// A talk's section visits: when, and the section's name.
    sections: Vec<(f64, String)>,
}

impl Heard<'_> {
    /// Its figures, envelope, audio and transcript, or why the recording
    /// cannot be shown.
    fn write(&self, out: &mut String, read: &Read, band: &PaceBand) {
        let Some(rec) = self.recording else {
            if self.stored.is_none() {
                out.push_str("<p class=\"dim\">Not recorded.</p>\n");
            }
            return;
        };
        if let Some(why) = &rec.error {
            let _ = writeln!(out, "<p class=\"bad\">While recording: {}</p>", esc(why));
        }
        let clip = match read {
            Some(Ok(clip)) => Some(clip),
            Some(Err(why)) => {
                let _ = writeln!(
                    out,
                    "<p class=\"missing bad\">The recording cannot be shown: {}</p>",
                    esc(why)
                );
                None
            }
            None => None,
        };
        let analysis = clip.map(|c| &c.analysis).or(self.stored);
        if let Some(a) = analysis {
            let line = heard_line(a, self.coaching.as_ref(), band);
            let _ = writeln!(out, "<p class=\"heard\">{}</p>", esc(&line));
        }
        if let Some(c) = &self.coaching {
            let _ = writeln!(out, "<p class=\"words\">{}</p>", esc(&words_line(c, false)));
            out.push_str("<ul class=\"detail\">");
            for line in words_detail(c) {
                let _ = write!(out, "<li>{}</li>", esc(&line));
            }
            out.push_str("</ul>\n");
        }
        let Some(clip) = clip else {
            return;
        };
        let fillers = match &self.coaching {
            Some(c) => c
                .fillers
                .iter()
                .map(|f| (f.start, f.end, f.word.clone()))
                .collect(),
            None => clip
                .analysis
                .fillers
                .iter()
                .map(|f| (f.start.as_secs_f64(), f.end().as_secs_f64(), None))
                .collect(),
        };
        let marks = svg::Marks {
            pauses: clip
                .analysis
                .pauses
                .iter()
                .map(|p| (p.start.as_secs_f64(), p.end().as_secs_f64()))
                .collect(),
            fillers,
            sections: self.sections.clone(),
        };
        let _ = writeln!(
            out,
            "<figure>{}<figcaption>Loudness over time: <span class=\"key pause\"></span> pauses, \
             <span class=\"key filler\"></span> fillers.</figcaption></figure>",
            svg::envelope(
                &clip.loudness,
                clip.length,
                clip.analysis.levels.floor_db,
                &marks
            )
        );
        let _ = writeln!(
            out,
            "<audio controls preload=\"auto\" title=\"{}\" src=\"data:audio/wav;base64,{}\"></audio>",
            esc(&rec.file),
            base64::engine::general_purpose::STANDARD.encode(&clip.wav)
        );
        if let Some(t) = self.transcript {
            out.push_str("<p class=\"transcript\">");
            for w in &t.words {
                let class = if is_filler(&w.text) { "w filler" } else { "w" };
                let _ = write!(
                    out,
                    "<span class=\"{class}\" data-t=\"{:.3}\">{}</span> ",
                    w.start.max(0.0),
                    esc(&w.text)
                );
            }
            out.push_str("</p>\n");
        }
    }
}

/// The CSS class of a tone.
fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Plain | Tone::Strong => "plain",
        Tone::Dim => "dim",
        Tone::Short => "short",
        Tone::Good => "good",
        Tone::Warn => "warn",
        Tone::Bad => "bad",
    }
}

const STYLE: &str = "
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#222;background:#fff}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.1rem;margin:0 0 .3rem}
.meta,.about,.dim,figcaption{color:#666}
.note{border-left:3px solid #c9a227;padding-left:.6em;font-style:italic}
table.timing{border-collapse:collapse;width:100%;margin:.8rem 0}
.timing td,.timing th{padding:.2rem .5rem;text-align:left;border-bottom:1px solid #eee;vertical-align:middle}
.timing td{white-space:nowrap}.timing td.q{white-space:normal}.timing td:last-child{width:30%}
.bar{position:relative;height:.8rem;background:#f2f2f2;border-radius:2px}
.bar .fill{position:absolute;left:0;top:0;bottom:0;border-radius:2px}
.bar i{position:absolute;top:-.15rem;bottom:-.15rem;width:2px;background:#333}
.bar i.min,.bar i.max{background:#999}
.good{color:#1a7f37}.short{color:#9a6700}.warn{color:#9a6700}.bad{color:#cf222e}.plain{color:inherit}
.fill.good{background:#4ac26b}.fill.short,.fill.warn{background:#d4a72c}.fill.bad{background:#e5534b}.fill.dim,.fill.plain{background:#aaa}
article.answer{border-top:1px solid #ddd;padding:1rem 0}
.n{display:inline-block;min-width:1.6rem;color:#666}
figure{margin:.5rem 0}
svg.envelope{width:100%;height:auto;display:block}
svg .level{fill:#5b8def}svg .pause{fill:#ddd}svg .filler{fill:#d4a72c;opacity:.8}
svg .axis,svg .tick{stroke:#888;stroke-width:1;vector-effect:non-scaling-stroke}
svg text{font-size:10px;fill:#555}svg .section{stroke:#cf222e;fill:#cf222e}
.key{display:inline-block;width:.8rem;height:.8rem;vertical-align:middle}.key.pause{background:#ddd}.key.filler{background:#d4a72c}
audio{width:100%}
.transcript{line-height:1.8}
.w{cursor:pointer;border-radius:3px;padding:0 1px}.w:hover{background:#e8f0fe}
.w.filler{background:#fff3c4}.w.now{background:#5b8def;color:#fff}
ul.detail{margin:.3rem 0;padding-left:1.2rem;color:#444;font-size:.9rem}
";

const SCRIPT: &str = "
document.addEventListener('click', function (e) {
  var word = e.target.closest('.w');
  if (!word) return;
  var audio = word.closest('.answer').querySelector('audio');
  if (!audio) return;
  audio.currentTime = parseFloat(word.dataset.t);
  audio.play().catch(function () {});
});
document.querySelectorAll('audio').forEach(function (audio) {
  var words = audio.closest('.answer').querySelectorAll('.w');
  audio.addEventListener('timeupdate', function () {
    var now = null;
    words.forEach(function (w) { if (parseFloat(w.dataset.t) <= audio.currentTime) now = w; });
    words.forEach(function (w) { w.classList.toggle('now', w === now); });
  });
});
";

#[cfg(test)]
mod tests {
    use super::*;

    /// A session of one answer per `(question, category, recorded)`, read
    /// as a session file is (so fields added to the format later need no
    /// change here).
    fn session(items: &[(&str, &str, bool)]) -> Session {
        let mut y = String::from(
            "version: 2\nid: 20261202-100000\nkind: drill\nstarted: 2026-12-02T10:00:00Z\ncompleted: true\nitems:\n",
        );
        for (n, (text, category, recorded)) in items.iter().enumerate() {
            let recording = if *recorded {
                ", recording: {file: 01-a.wav, length: 3.0, rate: 16000, dropped: 0, xruns: 0}"
            } else {
                ""
            };
            y.push_str(&format!(
                "- {{id: q{n}, text: {text:?}, category: {category:?}, target: 60.0, max: 90.0, start: 0.0, duration: 45.0, paused: 0.0, verdict: on-target, rating: 4{recording}}}\n"
            ));
        }
        serde_yaml::from_str(&y).expect("a session")
    }

    #[test]
    fn every_text_from_the_session_is_escaped() {
        let s = session(&[(
            "Why <script>alert(1)</script> & \"us\"?",
            "<b>role</b>",
            false,
        )]);
        let html = page(&s, &[None], &None, &PaceBand::default());
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<b>role"), "{html}");
        assert!(html.contains("Why &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;us&quot;?"));
    }

    #[test]
    fn a_note_an_exclusion_and_the_take_that_counts_are_shown() {
        let mut s = session(&[("First?", "role", false), ("Second?", "role", false)]);
        s.items[0].note = Some("Open with <the result>\nthen the numbers".into());
        s.items[0].excluded = true;
        let mut again = s.items[0].counted();
        again.rating = Some(5);
        s.items[0].retake(again);
        let html = page(&s, &[None, None], &None, &PaceBand::default());
        assert!(html.contains(
            "<p class=\"about\">role · rated 5 of 5 · take 2 of 2 · excluded from stats</p>"
        ));
        assert!(html.contains(
            "<p class=\"note\">Note: Open with &lt;the result&gt;<br>then the numbers</p>"
        ));
        assert_eq!(
            html.matches("class=\"note\"").count(),
            1,
            "the second answer has none"
        );
        assert!(html.contains("<p class=\"about\">role · rated 4 of 5</p>"));
    }

    #[test]
    fn an_answer_whose_recording_cannot_be_read_says_why_and_the_rest_renders() {
        let s = session(&[("First?", "role", true), ("Second?", "role", false)]);
        let reads = vec![Some(Err("01-a.wav: no such file".to_string())), None];
        let html = page(&s, &reads, &None, &PaceBand::default());
        assert!(html.contains("The recording cannot be shown: 01-a.wav: no such file"));
        assert_eq!(html.matches("<article class=\"answer\"").count(), 2);
        assert!(html.contains("Second?"));
        assert!(html.contains("On target: 0:45 (target 1:00)."));
        assert!(!html.contains("<audio"));
    }
}
