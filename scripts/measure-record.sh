#!/usr/bin/env bash
# What recording and playback cost, against the tools that come with the
# sound system, in one run through one private PulseAudio server:
#
#   1. `rehearse drill` answering for SECONDS, without --record
#   2. the same drill with --record
#   3. `arecord -D default -f S16_LE -r 48000 -c 1` for SECONDS
#   4. `rehearse replay` of a SECONDS-long answer
#   5. `paplay` of the same WAV
#
# For each: CPU time (perf stat's task-clock, all threads, to the
# millisecond) and peak RSS (VmHWM), and, for rehearse, the CPU of each of its
# threads just before it ends. Then
# the ratios the goals are stated in: the CPU that --record adds over
# arecord's, and replay's over paplay's.
#
#   scripts/measure-record.sh [SECONDS] [HOST]
#
# SECONDS defaults to 30; HOST (alsa or pulse) is passed as --host when given,
# else rehearse picks as it does for a user. Needs a release build, pulseaudio,
# pulseaudio-utils (paplay, pacat), alsa-utils (arecord), libasound2-plugins,
# sox, tmux and perf (Debian's linux-perf).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
host=${2:-}
bin=$PWD/target/release/rehearse
[ -x "$bin" ] || cargo build --release
host_args=()
[ -n "$host" ] && host_args=(--host "$host")
work=$(mktemp -d)
export XDG_RUNTIME_DIR=$work/run
mkdir -p "$XDG_RUNTIME_DIR"
# Its cookie in the private directory too: cpal's PulseAudio host
# authenticates by cookie alone, as it finds it through PULSE_COOKIE.
HOME=$XDG_RUNTIME_DIR XDG_CONFIG_HOME= pulseaudio --daemonize=yes --exit-idle-time=-1 -n \
  --load=module-native-protocol-unix \
  --load="module-null-sink sink_name=vsink rate=48000" 2>/dev/null
pulse_pid=$(cat "$XDG_RUNTIME_DIR/pulse/pid")
export PULSE_COOKIE=$XDG_RUNTIME_DIR/.config/pulse/cookie
pactl set-default-sink vsink
pactl set-default-source vsink.monitor
# Something always playing keeps the monitor paced in real time, as a
# microphone is; it runs in the server's client, not in what is measured.
pacat -d vsink < /dev/zero & keeper=$!
tmux_sock=rehearse-measure-$$
cleanup() {
  tmux -L "$tmux_sock" kill-server 2>/dev/null || true
  kill "$keeper" 2>/dev/null || true
  kill "$pulse_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

hz=$(getconf CLK_TCK)
# An isolated home, so the user's config and recordings are not touched.
run_env=(env -u REHEARSE_RECORDINGS HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
  XDG_DATA_HOME="$work/home/.local/share" XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR" PULSE_COOKIE="$PULSE_COOKIE" NO_COLOR=1 TERM=xterm-256color)
mkdir -p "$work/home"

# Per-thread CPU (s) of PID: one line per thread, by name and id.
threads() {
  local pid=$1 t
  for t in /proc/"$pid"/task/*; do
    # The name is in comm; utime and stime are the 12th and 13th fields
    # after the ")" that closes the name in stat.
    printf '%s\t%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "${t##*/}" "$(sed 's/.*) //' "$t/stat" 2>/dev/null)"
  done | awk -F'\t' -v hz="$hz" '$1 != "" {
      split($3, f, " "); printf "    %-18s %7s %6.2f s\n", $1, $2, (f[12] + f[13]) / hz
    }'
}

# The peak RSS (VmHWM, KiB) of PID, polled until it exits, into FILE.
watch_peak() {
  local pid=$1 file=$2 v
  while v=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null) && [ -n "$v" ]; do
    echo "$v" >"$file"
    sleep 0.2
  done
}

# The child of PARENT named NAME (or any), waiting for it to appear.
child_of() {
  local parent=$1 name=${2:-} pid=""
  for _ in $(seq 100); do
    if [ -n "$name" ]; then
      pid=$(pgrep -P "$parent" -x "$name" 2>/dev/null | head -1 || true)
    else
      pid=$(pgrep -P "$parent" 2>/dev/null | head -1 || true)
    fi
    [ -n "$pid" ] && break
    sleep 0.05
  done
  echo "$pid"
}

# CPU seconds from perf stat's task-clock (milliseconds, all threads).
cpu_of() {
  awk -F, '/task-clock/ { printf "%.3f", $1 / 1000 }' "$1"
}

# Runs a command in a terminal (tmux) under perf stat for SECONDS, shows its
# threads, then sends KEYS to end it. Prints "cpu_seconds peak_kib".
in_terminal() {
  local label=$1 keys=$2
  shift 2
  local out=$work/$label.perf peak=$work/$label.peak
  tmux -L "$tmux_sock" new-session -d -s "$label" -x 80 -y 24 \
    "${run_env[*]} perf stat -x, -e task-clock -o $out -- $* ; sleep 1"
  local pane perf pid
  pane=$(tmux -L "$tmux_sock" display -p -t "$label" '#{pane_pid}')
  perf=$(child_of "$pane" perf)
  pid=$(child_of "$perf")
  watch_peak "$pid" "$peak" &
  sleep "$seconds"
  echo "  threads of $label just before the end (CPU since start):" >&2
  threads "$pid" >&2
  [ -n "$keys" ] && tmux -L "$tmux_sock" send-keys -t "$label" $keys
  for _ in $(seq 100); do
    grep -q task-clock "$out" 2>/dev/null && break
    sleep 0.1
  done
  wait
  tmux -L "$tmux_sock" kill-session -t "$label" 2>/dev/null || true
  echo "$(cpu_of "$out") $(cat "$peak")"
}

# A plain command under perf stat. Prints "cpu_seconds peak_kib".
timed() {
  local out=$work/timed.perf peak=$work/timed.peak
  "${run_env[@]}" perf stat -x, -e task-clock -o "$out" -- "$@" >/dev/null 2>&1 &
  local perf=$! pid
  pid=$(child_of "$perf")
  watch_peak "$pid" "$peak" &
  wait
  echo "$(cpu_of "$out") $(cat "$peak")"
}

bank=$PWD/tests/fixtures/banks/drill.yaml
drill=("$bin" drill --bank "$bank" -n 1 --seed 2 --think 0 --no-follow-ups --target 10m
  --recordings-dir "$work/rec")

echo "measuring ${seconds} s each through a private PulseAudio server (host: ${host:-automatic})" >&2
read -r plain_cpu plain_rss < <(in_terminal plain "q q" "${drill[@]}")
read -r rec_cpu rec_rss < <(in_terminal record "q q" "${drill[@]}" --record "${host_args[@]}")
read -r arec_cpu arec_rss < <(timed arecord -q -D default -f S16_LE -r 48000 -c 1 -d "$seconds" "$work/arecord.wav")

# Playback: a session whose one answer lasts SECONDS.
clip=tests/fixtures/speech/speech.wav
long=$work/long.wav
sox "$clip" -r 48000 "$long" repeat "$(((seconds + 9) / 10))" trim 0 "$seconds"
session=$work/rec/20260101-090000
mkdir -p "$session"
cp "$long" "$session/01-a.wav"
cat >"$session/session.yaml" <<EOF
version: 1
id: 20260101-090000
kind: drill
started: 2026-01-01T09:00:00Z
completed: true
items:
- id: a
  text: Measured answer?
  category: behavioural
  target: $seconds.0
  max: $((seconds * 2)).0
  start: 0.0
  duration: $seconds.0
  paused: 0.0
  verdict: on-target
  recording:
    file: 01-a.wav
    length: $seconds.0
    rate: 48000
    dropped: 0
    xruns: 0
EOF
# Replay ends by itself after the one answer; the keys are only a fallback.
read -r play_cpu play_rss < <(in_terminal replay "" "$bin" replay --recordings-dir "$work/rec" "${host_args[@]}")
read -r paplay_cpu paplay_rss < <(timed paplay -d vsink "$long")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }
added=$(awk -v a="$rec_cpu" -v b="$plain_cpu" 'BEGIN { d = a - b; printf "%.3f", d < 0 ? 0 : d }')
printf '\n%-34s %8s %10s\n' "over ${seconds} s" "CPU s" "peak RSS"
printf '%-34s %8s %7s KiB\n' "rehearse drill" "$plain_cpu" "$plain_rss"
printf '%-34s %8s %7s KiB\n' "rehearse drill --record" "$rec_cpu" "$rec_rss"
printf '%-34s %8s %7s KiB\n' "arecord -D default (S16, 48 kHz)" "$arec_cpu" "$arec_rss"
printf '%-34s %8s %7s KiB\n' "rehearse replay" "$play_cpu" "$play_rss"
printf '%-34s %8s %7s KiB\n' "paplay" "$paplay_cpu" "$paplay_rss"
echo
echo "CPU --record adds: $added s = $(ratio "$added" "$arec_cpu") x arecord's (goal <= 3)"
echo "peak RSS of drill --record: $((rec_rss / 1024)) MiB (goal <= 16)"
echo "replay CPU: $(ratio "$play_cpu" "$paplay_cpu") x paplay's (goal <= 3)"
