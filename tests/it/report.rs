//! `rehearse report --html`: the page holds every answer, escapes what the
//! session says, fetches nothing, draws the envelope with its pauses and
//! embeds the audio; and in a real headless Chromium (driven over W3C
//! WebDriver through chromedriver) it loads without a console error and a
//! click on a word moves that answer's audio to the word.

use crate::util::{Scratch, fixture};
use base64::Engine;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What speech.wav says, phrase by phrase, and where (tests/fixtures/speech/README.md).
const PHRASES: [(&str, f64, f64); 3] = [
    ("Thanks for having me today.", 1.2, 2.8964),
    ("I led the billing migration last spring.", 4.8964, 7.149),
    ("It shipped on time.", 7.949, 9.1933),
];

/// The session's id.
const ID: &str = "20261203-100000";

/// The questions, as a user's bank might word them.
const QUESTIONS: [&str; 5] = [
    "Why <script>alert('x')</script> us?",
    "Tell me about a failure & what you learnt.",
    "What is your notice period?",
    "Where do you see yourself in \"five\" years?",
    "Salary expectations?",
];

/// A drill of five: two answers recorded (speech.wav) with transcripts, one
/// whose recording is missing, one not recorded, one skipped.
fn drill(root: &Path) -> PathBuf {
    let dir = root.join(ID);
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["01-a.wav", "02-b.wav"] {
        std::fs::copy(fixture("speech/speech.wav"), dir.join(name)).unwrap();
    }
    // Each phrase's words spread evenly over it; the second answer says "um".
    let transcript = |filler: bool| {
        let mut words = String::new();
        for (k, (text, start, end)) in PHRASES.iter().enumerate() {
            let mut said: Vec<&str> = text.split_whitespace().collect();
            if filler && k == 1 {
                said.insert(1, "um,");
            }
            let step = (end - start) / said.len() as f64;
            for (i, w) in said.iter().enumerate() {
                let at = start + step * i as f64;
                words.push_str(&format!(
                    "    - {{text: '{w}', start: {at:.3}, end: {:.3}}}\n",
                    at + step
                ));
            }
        }
        let text = PHRASES.map(|p| p.0).join(" ");
        format!("  transcript:\n    text: {text}\n    words:\n{words}")
    };
    let item = |n: usize, verdict: &str, file: Option<&str>| {
        let q = QUESTIONS[n].replace('\'', "''");
        let mut y = format!(
            "- id: q{n}\n  text: '{q}'\n  category: role\n  min: 5.0\n  target: 10.0\n  max: 15.0\n  start: 0.0\n  duration: 10.7\n  paused: 0.0\n  verdict: {verdict}\n  rating: 4\n"
        );
        if let Some(f) = file {
            y.push_str(&format!(
                "  recording:\n    file: {f}\n    length: 10.693\n    rate: 16000\n    dropped: 0\n    xruns: 0\n"
            ));
        }
        y
    };
    let yaml = format!(
        "version: 2\nid: {ID}\nkind: drill\nstarted: 2026-12-03T10:00:00Z\ncompleted: true\n\
         settings:\n  seed: 1\n  count: 5\n  banks: ['<b>mine</b>.yaml']\n  think: 0.0\n  warn: 0.0\n  hard_stop: false\n  follow_ups: false\n\
         items:\n{}{}{}{}{}{}{}",
        item(0, "on-target", Some("01-a.wav")),
        transcript(false),
        item(1, "on-target", Some("02-b.wav")),
        transcript(true),
        item(2, "on-target", Some("03-c.wav")),
        item(3, "on-target", None),
        item(4, "skipped", None),
    );
    std::fs::write(dir.join("session.yaml"), yaml).unwrap();
    dir
}

/// Each `data:audio/wav;base64,` URI in `html`, decoded.
fn embedded_wavs(html: &str) -> Vec<Vec<u8>> {
    let marker = "src=\"data:audio/wav;base64,";
    html.match_indices(marker)
        .map(|(i, _)| {
            let rest = &html[i + marker.len()..];
            let b64 = &rest[..rest.find('"').unwrap()];
            base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap()
        })
        .collect()
}

#[test]
fn the_page_holds_every_answer_escaped_with_envelopes_audio_and_nothing_fetched() {
    let s = Scratch::new();
    drill(&s.recordings());
    let out = s
        .cmd()
        .args(["report", "--html", "page.html"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.starts_with(&format!("Wrote the report of session {ID} to page.html (")),
        "{stdout}"
    );
    // The missing recording is named on stderr; the page still renders.
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr
            .contains("rehearse: warning: answer 3: the page says its recording cannot be shown: ")
            && stderr.contains("03-c.wav: no such file"),
        "{stderr}"
    );
    let html = std::fs::read_to_string(s.path().join("page.html")).unwrap();
    assert_eq!(html.matches("<article class=\"answer\"").count(), 5);
    for (n, q) in QUESTIONS.iter().enumerate() {
        let escaped = q
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        let head = format!("<span class=\"n\">{}</span> {escaped}</h2>", n + 1);
        assert!(html.contains(&head), "answer {}: {head}", n + 1);
    }
    assert!(!html.contains("<script>alert"), "the question is escaped");
    assert!(html.contains("banks: &lt;b&gt;mine&lt;/b&gt;.yaml"));
    assert_eq!(html.matches("<script>").count(), 1, "only the page's own");
    // Nothing comes from the network: no URL anywhere, no src or href but
    // data: URIs and anchors in the page.
    assert!(!html.contains("http://") && !html.contains("https://"));
    for attr in [" src=\"", " href=\""] {
        for (i, _) in html.match_indices(attr) {
            let v = &html[i + attr.len()..];
            assert!(
                v.starts_with("data:audio/wav;base64,") || v.starts_with('#'),
                "{}",
                &v[..40.min(v.len())]
            );
        }
    }
    // The recorded answers: an envelope each with the fixture's one pause
    // over 1.5 s (2.90–4.90 s of 10.69), the filler word marked, the audio.
    assert_eq!(html.matches("<svg class=\"envelope\"").count(), 2);
    let pauses: Vec<&str> = html
        .match_indices("<rect class=\"pause\" x=\"")
        .map(|(i, _)| &html[i..i + 40])
        .collect();
    assert_eq!(pauses.len(), 2, "{pauses:?}");
    assert!(pauses.iter().all(|p| p.contains("x=\"27")), "{pauses:?}");
    assert_eq!(html.matches("<rect class=\"filler\"").count(), 1);
    assert_eq!(html.matches("<span class=\"w filler\"").count(), 1);
    let wavs = embedded_wavs(&html);
    assert_eq!(wavs.len(), 2);
    let fixture_samples = hound::WavReader::open(fixture("speech/speech.wav"))
        .unwrap()
        .duration();
    for wav in &wavs {
        let r = hound::WavReader::new(std::io::Cursor::new(wav)).unwrap();
        assert_eq!(r.spec().sample_rate, 16_000);
        assert_eq!(r.duration(), fixture_samples);
    }
    // The answer whose file is gone, the one not recorded, the skipped one.
    assert!(html.contains("The recording cannot be shown: "));
    assert_eq!(
        html.matches("<p class=\"dim\">Not recorded.</p>").count(),
        1
    );
    assert!(html.contains("<p class=\"verdict dim\">Skipped.</p>"));
    // The figures the summary shows: the verdict, what the audio shows.
    assert!(html.contains("On target: 0:11 (target 0:10)."));
    assert!(html.contains("First word after 1.2 s"));
}

#[test]
fn a_talk_is_one_recording_with_its_sections_marked_at_a_third_of_its_rate() {
    let s = Scratch::new();
    let dir = s.recordings().join("20261130-092250");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["session.yaml", "talk.wav"] {
        std::fs::copy(fixture("sessions-v1/20261130-092250").join(f), dir.join(f)).unwrap();
    }
    let out = s.cmd().args(["report", "--html", "-"]).assert().success();
    let html = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h1>Presentation, "));
    for (name, planned) in [
        ("Situation", "0:20"),
        ("Task", "0:15"),
        ("Action", "1:00"),
        ("Result", "0:25"),
        ("Total", "2:00"),
    ] {
        assert!(
            html.contains(&format!("<tr><td>{name}</td><td>{planned}</td>")),
            "{name}"
        );
    }
    assert_eq!(html.matches("<line class=\"section\"").count(), 4);
    let wavs = embedded_wavs(&html);
    assert_eq!(wavs.len(), 1);
    let r = hound::WavReader::new(std::io::Cursor::new(&wavs[0])).unwrap();
    let source = hound::WavReader::open(fixture("sessions-v1/20261130-092250/talk.wav")).unwrap();
    assert_eq!(source.spec().sample_rate, 48_000);
    assert_eq!(r.spec().sample_rate, 16_000);
    assert!(
        r.duration().abs_diff(source.duration() / 3) <= 1,
        "{} of {}",
        r.duration(),
        source.duration()
    );
}

#[test]
fn an_unknown_session_or_an_unwritable_file_is_refused_with_a_fix() {
    let s = Scratch::new();
    drill(&s.recordings());
    s.cmd()
        .args(["report", "nope", "--html", "page.html"])
        .assert()
        .code(2)
        .stderr(format!(
            "rehearse: error: no session `nope` in {}\n  hint: `rehearse sessions` lists them; give an id or a session directory\n",
            s.recordings().display()
        ));
    s.cmd()
        .args(["report", ID, "--html", "no/such/dir/page.html"])
        .assert()
        .code(2)
        .stderr(predicates::str::ends_with(
            "rehearse: error: cannot write no/such/dir/page.html: No such file or directory (os error 2)\n  hint: give a file in a directory you can write to, or `--html -` for standard output\n",
        ));
    assert!(!s.path().join("page.html").exists());
    let empty = Scratch::new();
    empty
        .cmd()
        .args(["report", "--html", "page.html"])
        .assert()
        .code(2)
        .stderr(predicates::str::starts_with(
            "rehearse: error: no session in ",
        ));
}

/// chromedriver driving a headless Chromium, over W3C WebDriver.
struct Browser {
    driver: Child,
    base: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

/// The program `name` on PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

impl Browser {
    /// A fresh browser session; `None`, after saying so, without Chromium
    /// and its driver (in CI, `CI` set, that fails the test).
    fn start(test: &str) -> Option<Browser> {
        let (Some(chromium), Some(chromedriver)) = (on_path("chromium"), on_path("chromedriver"))
        else {
            assert!(
                std::env::var_os("CI").is_none(),
                "{test}: chromium or chromedriver is missing, and CI must run the browser test"
            );
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: no headless browser; `apt-get install chromium chromium-driver` runs it"
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build();
        let profile = tempfile::tempdir().unwrap();
        let mut b = Browser {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            agent: config.into(),
            _profile: profile,
        };
        // It listens a moment after it starts.
        let ready = |b: &Browser| {
            b.agent
                .get(format!("{}/status", b.base))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .is_some_and(|v| v["value"]["ready"] == true)
        };
        wait_until("chromedriver to listen", || ready(&b));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         format!("--user-data-dir={}", b._profile.path().display())],
            },
            "goog:loggingPrefs": {"browser": "ALL"},
        }}});
        let made = b.send("POST", "/session", caps);
        b.base = format!(
            "{}/session/{}",
            b.base,
            made["sessionId"].as_str().expect("a session")
        );
        Some(b)
    }

    /// One WebDriver command; its `value`, or a panic with the driver's error.
    fn send(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let reply = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.to_string()),
        };
        let mut reply = reply.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let ok = reply.status().is_success();
        let text = reply.body_mut().read_to_string().unwrap();
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}"));
        assert!(ok, "{method} {path}: {text}");
        v["value"].clone()
    }

    fn script(&self, js: &str) -> Value {
        self.send("POST", "/execute/sync", json!({"script": js, "args": []}))
    }

    /// The elements `css` selects, as WebDriver names them.
    fn elements(&self, css: &str) -> Vec<String> {
        let found = self.send(
            "POST",
            "/elements",
            json!({"using": "css selector", "value": css}),
        );
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e["element-6066-11e4-a52e-4f735466cecf"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    /// The browser console's entries since the last call.
    fn console(&self) -> Vec<Value> {
        let log = self.send("POST", "/se/log", json!({"type": "browser"}));
        log.as_array().unwrap().clone()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if self.base.contains("/session/") {
            let _ = self.agent.delete(&self.base).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Waits for `done`, checking every 50 ms; a minute without it fails (a
/// guard against hanging, not a timing bound).
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let give_up = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < give_up, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn in_a_real_browser_the_page_loads_cleanly_and_a_clicked_word_moves_its_audio_there() {
    let test = "in_a_real_browser_the_page_loads_cleanly_and_a_clicked_word_moves_its_audio_there";
    let Some(browser) = Browser::start(test) else {
        return;
    };
    let s = Scratch::new();
    let dir = drill(&s.recordings());
    s.cmd()
        .args(["report", "--html", "page.html"])
        .assert()
        .success();
    let page = s.path().join("page.html");
    browser.send(
        "POST",
        "/url",
        json!({"url": format!("file://{}", page.display())}),
    );
    // Both recordings decode: each audio knows its length.
    wait_until("the audio to load", || {
        browser
            .script("return [...document.querySelectorAll('audio')].every(a => a.readyState >= 1)")
            == true
    });
    let lengths =
        browser.script("return [...document.querySelectorAll('audio')].map(a => a.duration)");
    for l in lengths.as_array().unwrap() {
        assert!((l.as_f64().unwrap() - 10.6933).abs() < 0.01, "{lengths}");
    }
    // Every answer is shown, its question as text (escaped, not run).
    assert_eq!(browser.elements("article.answer").len(), 5);
    let heads = browser.script(
        "return [...document.querySelectorAll('article.answer h2')].map(h => h.textContent)",
    );
    for (n, q) in QUESTIONS.iter().enumerate() {
        assert_eq!(heads[n], format!("{} {q}", n + 1));
    }
    // Nothing went wrong loading it; and the console is really read.
    let logged = browser.console();
    let errors: Vec<&Value> = logged.iter().filter(|e| e["level"] == "SEVERE").collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    browser.script("console.error('report probe')");
    let probe = browser.console();
    assert!(
        probe.iter().any(|e| e["level"] == "SEVERE"
            && e["message"].as_str().unwrap_or("").contains("report probe")),
        "the console check sees errors: {probe:?}"
    );
    // A word in each recorded answer: its audio moves to the word's start
    // as stored in the session (and plays on from there: at most the time
    // the click and the look took).
    let session = rehearse::session::load(&dir.join("session.yaml")).unwrap();
    for (answer, word) in [(1, "billing"), (2, "shipped")] {
        let words = &session.items[answer - 1].transcript.as_ref().unwrap().words;
        let (k, w) = words
            .iter()
            .enumerate()
            .find(|(_, w)| w.text == word)
            .unwrap();
        let spans = browser.elements(&format!("#answer-{answer} .w"));
        assert_eq!(spans.len(), words.len());
        let before = Instant::now();
        browser.send("POST", &format!("/element/{}/click", spans[k]), json!({}));
        let at = browser.script(&format!(
            "return document.querySelector('#answer-{answer} audio').currentTime"
        ));
        let took = before.elapsed().as_secs_f64();
        let at = at.as_f64().unwrap();
        assert!(
            at >= w.start - 0.01 && at <= w.start + took + 0.01,
            "answer {answer}: clicked {word} at {:.3} s, the audio is at {at:.3} s ({took:.3} s later)",
            w.start
        );
    }
    let errors: Vec<Value> = browser
        .console()
        .into_iter()
        .filter(|e| e["level"] == "SEVERE")
        .collect();
    assert!(
        errors.is_empty(),
        "console errors after the clicks: {errors:?}"
    );
}
