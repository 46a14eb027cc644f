#!/usr/bin/env bash
# Soak test for recording while transcribing: a real `drill --record` with a
# speech model, in tmux, through a private PulseAudio null sink while read
# speech (pocketsphinx-testdata's LibriVox clips, with pauses) plays into it
# in a loop. Each answer runs SECONDS (default 120), then Space; the script
# samples the screen twice a second and reports, per answer:
#   - the longest time the drill's clock did not move while answering
#     (a stalled screen shows as more than about 1 s),
#   - the recording against the answer: seconds in the WAV, dropped
#     samples, xruns and stalls from session.yaml,
#   - how long after Space the answer's transcript was in session.yaml,
#     and how many words it has,
# and the drill's CPU time and peak memory.
#
#   scripts/soak-drill.sh [ANSWERS] [SECONDS] [MODEL]
#
# REHEARSE_SOAK_BIN runs another build than target/release/rehearse (which
# is built first otherwise). MODEL defaults to
# target/test-model/ggml-tiny.en.bin (what the tests
# convert from the wheel). Needs: pulseaudio, pulseaudio-utils, sox, tmux,
# pocketsphinx-testdata, python3 with PyYAML. Not part of CI: it takes as
# long as it records.
set -euo pipefail
cd "$(dirname "$0")/.."
answers=${1:-5}
seconds=${2:-120}
model=${3:-target/test-model/ggml-tiny.en.bin}
bin=${REHEARSE_SOAK_BIN:-$PWD/target/release/rehearse}
[ -n "${REHEARSE_SOAK_BIN:-}" ] || cargo build --release
[ -f "$model" ] || { echo "no model at $model" >&2; exit 2; }
model=$(realpath "$model")

work=$(mktemp -d)
export XDG_RUNTIME_DIR=$work/run
mkdir -p "$XDG_RUNTIME_DIR" "$work/home"
HOME=$XDG_RUNTIME_DIR XDG_CONFIG_HOME= pulseaudio --daemonize=yes --exit-idle-time=-1 -n \
  --load=module-native-protocol-unix \
  --load="module-null-sink sink_name=vsink rate=48000" 2>/dev/null
pactl set-default-sink vsink
pactl set-default-source vsink.monitor

# About a minute of read speech, each clip followed by 1.5 s of silence.
speech=$work/speech.wav
clips=(/usr/share/pocketsphinx/test/data/librivox/*.wav)
parts=()
for c in "${clips[@]}"; do
  parts+=("$c" "|sox -n -r 16000 -c 1 -p trim 0 1.5")
done
sox "${parts[@]}" -r 48000 -c 1 "$speech"
pacat -d vsink < /dev/zero & keeper=$!
( while true; do paplay -d vsink "$speech" 2>/dev/null || break; done ) & talker=$!
tmux_sock=$work/tmux
cleanup() {
  tmux -S "$tmux_sock" kill-server 2>/dev/null || true
  kill "$talker" "$keeper" 2>/dev/null || true
  pulseaudio --kill 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

tmux -S "$tmux_sock" new-session -d -x 100 -y 30 \
  "env -u REHEARSE_RECORDINGS -u REHEARSE_CONFIG HOME=$work/home NO_COLOR=1 \
   XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR $bin drill --record --host pulse --model $model \
   -n $answers --think 0 --no-follow-ups --target ${seconds}s --seed 7; sleep 600"
pane() { tmux -S "$tmux_sock" capture-pane -p; }
session_yaml() { ls "$work"/home/.local/share/rehearse/recordings/*/session.yaml 2>/dev/null | head -1; }
# Words in answer $1's transcript (0-based), or nothing when it has none.
words_of() {
  local f
  f=$(session_yaml) || return 0
  [ -n "$f" ] || return 0
  python3 - "$f" "$1" <<'EOF' 2>/dev/null || true
import sys, yaml
items = yaml.safe_load(open(sys.argv[1]))["items"]
i = int(sys.argv[2])
if i < len(items) and items[i].get("transcript"):
    print(len(items[i]["transcript"]["words"]))
EOF
}

# Wait for the first answer's clock.
for _ in $(seq 100); do pane | grep -q "0:0[0-9]" && break; sleep 0.2; done
pid=$(pgrep -f "^$bin drill --record" | head -1)
echo "drill pid $pid; $answers answers of $seconds s"
peak_rss=0
ticks=0
# Peak memory and CPU time so far (the drill ends after its last answer, so
# the last sample is what it used).
sample() {
  local rss t
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  [ -n "$rss" ] && [ "$rss" -gt "$peak_rss" ] && peak_rss=$rss
  t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true)
  [ -n "$t" ] && ticks=$t
  return 0
}
for i in $(seq 0 $((answers - 1))); do
  # Answering: sample the screen's clock twice a second.
  last=""; last_change=$(date +%s.%N); worst=0
  end=$(($(date +%s) + seconds))
  while [ "$(date +%s)" -lt "$end" ]; do
    clock=$(pane | grep -oE "[0-9]+:[0-9]{2}" | head -1 || true)
    now=$(date +%s.%N)
    if [ "$clock" != "$last" ]; then
      last=$clock; last_change=$now
    else
      worst=$(awk -v a="$worst" -v n="$now" -v c="$last_change" 'BEGIN { d = n - c; print (d > a ? d : a) }')
    fi
    sample
    sleep 0.5
  done
  tmux -S "$tmux_sock" send-keys " "
  sent=$(date +%s.%N)
  n=""
  for _ in $(seq 600); do
    n=$(words_of "$i")
    sample
    [ -n "$n" ] && break
    sleep 0.1
  done
  took=$(awk -v s="$sent" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }')
  printf 'answer %d: clock still for at most %.1f s; transcript %s words, in session.yaml %s s after Space\n' \
    $((i + 1)) "$worst" "${n:-no}" "$took"
  # The verdict, then the next question.
  sleep 1
  tmux -S "$tmux_sock" send-keys " "
  sleep 1
done
sample
sleep 3
cpu=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }')
echo "drill CPU time: $cpu s; peak RSS: $peak_rss KiB"
f=$(session_yaml)
python3 - "$f" <<'EOF'
import os, subprocess, sys, yaml
path = sys.argv[1]
s = yaml.safe_load(open(path))
for n, item in enumerate(s["items"], 1):
    rec = item.get("recording") or {}
    wav = os.path.join(os.path.dirname(path), rec.get("file", ""))
    secs = float(subprocess.run(["soxi", "-D", wav], capture_output=True, text=True).stdout or 0)
    print(f"answer {n}: answer {item['duration']:.2f} s, WAV {secs:.2f} s, "
          f"dropped {rec.get('dropped')}, xruns {rec.get('xruns')}, stalls {rec.get('stalls', 0)}, "
          f"error {rec.get('error')}")
EOF
