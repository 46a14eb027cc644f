//! Drives the real `rehearse` binary in a pseudo-terminal and reads its screen
//! through a terminal emulator (vt100), as a person at the keyboard would.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Timing-sensitive pty tests run one at a time, so they do not compete for
/// the two cores with each other.
static SERIAL: Mutex<()> = Mutex::new(());

pub struct Pty {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set by the reader once the terminal has nothing more to read.
    drained: Arc<std::sync::atomic::AtomicBool>,
    _serial: MutexGuard<'static, ()>,
}

impl Pty {
    /// Starts `program args` in `cwd` on a `cols`×`rows` terminal, isolated
    /// in `cwd` like every test command (see `util`), then with `env` set.
    pub fn spawn(
        program: &Path,
        args: &[&str],
        cwd: &Path,
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> Pty {
        let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        for var in crate::util::inherited_rehearse_vars() {
            cmd.env_remove(var);
        }
        for (k, v) in crate::util::isolated_env(cwd) {
            cmd.env(k, v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn in pty");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        let drained = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let done = Arc::clone(&drained);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Pty {
            master: pair.master,
            writer,
            child,
            parser,
            raw,
            drained,
            _serial: serial,
        }
    }

    /// The screen's text, rows joined by newlines.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Every byte the program wrote so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Waits until the screen contains all of `texts`; panics with the screen after `timeout`.
    pub fn wait_for(&self, texts: &[&str], timeout: Duration) -> Instant {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if texts.iter().all(|t| screen.contains(t)) {
                return Instant::now();
            }
            if start.elapsed() > timeout {
                panic!("timed out waiting for {texts:?}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Types `keys`.
    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Changes the terminal size, as a window resize does.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    /// Waits for the program to exit and returns its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader take what was written last: it ends once the
                // terminal has nothing more (a busy machine can keep it
                // behind for longer than any fixed wait).
                let exited = Instant::now();
                while !self.drained.load(std::sync::atomic::Ordering::SeqCst)
                    && exited.elapsed() < Duration::from_secs(5)
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status.exit_code();
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                panic!("program did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // A failed test must not leave its program running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Sleeps until `at + offset`, so scripted timings do not drift.
pub fn sleep_until(at: Instant, offset: Duration) {
    let deadline = at + offset;
    let now = Instant::now();
    if deadline > now {
        std::thread::sleep(deadline - now);
    }
}

/// The pid of `parent`'s child named `name`, from /proc.
pub fn child_of(parent: u32, name: &str) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // `pid (comm) state ppid …`; comm may hold spaces, so split after the `)`.
            let Some((head, tail)) = stat.rsplit_once(')') else {
                continue;
            };
            let comm = head.split_once('(').map_or("", |(_, c)| c);
            let ppid: u32 = tail
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            if ppid == parent && comm == name {
                return pid;
            }
        }
        assert!(Instant::now() < deadline, "no child {name} of {parent}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A pseudo-terminal whose one master descriptor the test holds, so closing
/// it is what closing a terminal window does: the program sees a hang-up.
pub struct RawPty {
    master: Option<std::os::fd::OwnedFd>,
    child: std::process::Child,
    seen: Vec<u8>,
    /// The screen as a terminal shows what was seen.
    screen: vt100::Parser,
}

impl RawPty {
    /// Starts `cmd` (already isolated by the harness) on a new terminal.
    pub fn spawn(mut cmd: std::process::Command, cols: u16, rows: u16) -> RawPty {
        use std::os::fd::{FromRawFd, OwnedFd};
        use std::os::unix::process::CommandExt;
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: out-pointers to two ints and a valid winsize.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty");
        // SAFETY: openpty returned two fresh descriptors that we now own.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        // Non-blocking reads; and no child may inherit the master, or closing
        // it here would not close the terminal.
        let raw = std::os::fd::AsRawFd::as_raw_fd(&master);
        // SAFETY: plain fcntl calls on a descriptor we own.
        unsafe {
            libc::fcntl(raw, libc::F_SETFL, libc::O_NONBLOCK);
            libc::fcntl(raw, libc::F_SETFD, libc::FD_CLOEXEC);
        }
        cmd.env("TERM", "xterm-256color")
            .stdin(slave.try_clone().unwrap())
            .stdout(slave.try_clone().unwrap())
            .stderr(slave);
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                libc::ioctl(0, libc::TIOCSCTTY, 0);
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn on the pty");
        RawPty {
            master: Some(master),
            child,
            seen: Vec::new(),
            screen: vt100::Parser::new(rows, cols, 0),
        }
    }

    fn pump(&mut self) {
        use std::os::fd::AsRawFd;
        let Some(fd) = &self.master else { return };
        let mut buf = [0u8; 4096];
        loop {
            // SAFETY: reading into a stack buffer of its own length.
            let n = unsafe { libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            if n <= 0 {
                return;
            }
            self.seen.extend_from_slice(&buf[..n as usize]);
            self.screen.process(&buf[..n as usize]);
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&mut self, text: &str, timeout: Duration) {
        let start = Instant::now();
        loop {
            self.pump();
            if self.screen.screen().contents().contains(text) {
                return;
            }
            assert!(start.elapsed() < timeout, "timed out waiting for {text:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Types `keys`.
    pub fn send(&mut self, keys: &[u8]) {
        use std::os::fd::AsRawFd;
        let fd = self.master.as_ref().expect("open").as_raw_fd();
        // SAFETY: writing from a slice of its own length.
        let n = unsafe { libc::write(fd, keys.as_ptr().cast(), keys.len()) };
        assert_eq!(n, keys.len() as isize);
    }

    /// Closes the terminal and waits for the program to end.
    pub fn hang_up(&mut self, timeout: Duration) -> std::process::ExitStatus {
        self.master = None;
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            if start.elapsed() > timeout {
                let pid = self.child.id();
                let fds = std::process::Command::new("ls")
                    .args(["-l", &format!("/proc/{pid}/fd")])
                    .output()
                    .unwrap();
                let wchan =
                    std::fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
                let _ = self.child.kill();
                panic!(
                    "the program kept running after its terminal closed: {wchan} {}",
                    String::from_utf8_lossy(&fds.stdout)
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for RawPty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The raw output of a drill on a bank whose text is not ASCII, run to its
/// summary on a terminal with `env`.
fn drill_output(env: &[(&str, &str)]) -> Vec<u8> {
    let s = crate::util::Scratch::new();
    let bank = s.file(
        "bank.yaml",
        "title: Café\ndefaults:\n  category: behavioural\nquestions:\n  - id: unicode\n    text: \"Tell us about a café — “résumé” … 面接?\"\n    min: 1s\n    target: 3s\n    max: 5s\n    hints: [\"Situation · Task – Action\"]\n",
    );
    let args = [
        "drill",
        "--bank",
        bank.to_str().unwrap(),
        "--think",
        "0",
        "--no-again",
    ];
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    let mut pty = Pty::spawn(&bin, &args, s.path(), env, 80, 24);
    pty.wait_for(&["ANSWER", "p pause"], Duration::from_secs(20));
    pty.send("h");
    pty.wait_for(&["Situation"], Duration::from_secs(20));
    pty.send(" ");
    pty.wait_for(&["Rate this answer"], Duration::from_secs(20));
    pty.send("4");
    assert_eq!(pty.wait_exit(Duration::from_secs(20)), 0);
    pty.raw()
}

#[test]
fn a_dumb_terminal_or_a_plain_locale_gets_ascii_screens_and_no_colour() {
    let colour = |raw: &[u8]| {
        let text = String::from_utf8_lossy(raw);
        // Select Graphic Rendition: ESC [ digits m.
        text.split('\x1b').skip(1).any(|s| {
            let s = s.strip_prefix('[').unwrap_or("");
            let end = s.find(|c: char| !c.is_ascii_digit() && c != ';');
            end.is_some_and(|i| s[i..].starts_with('m') && i > 0)
        })
    };
    let dumb = drill_output(&[("TERM", "dumb")]);
    let plain = drill_output(&[("LANG", "C"), ("LC_ALL", "C")]);
    for (what, raw) in [("TERM=dumb", &dumb), ("LANG=C", &plain)] {
        let text = String::from_utf8_lossy(raw);
        let wide: String = text.chars().filter(|c| !c.is_ascii()).collect();
        assert!(wide.is_empty(), "{what}: {wide:?} in\n{text}");
        assert!(text.contains("Saved:"), "{what}: {text}");
    }
    assert!(!colour(&dumb), "TERM=dumb gets colour");
    assert!(
        colour(&plain),
        "a plain locale on a colour terminal keeps colour"
    );
}
