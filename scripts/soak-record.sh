#!/usr/bin/env bash
# Soak test for recording: records for MINUTES (default 10) through a private
# PulseAudio null sink while speech plays into it in a loop, sampling the
# recorder's memory every 10 s. Prints dropped samples, xruns, peak RSS, RSS
# over time (flat means no growth) and CPU time per recorded minute.
#
#   scripts/soak-record.sh [MINUTES] [HOST]
#
# HOST (alsa or pulse) is passed as --host when given.
#
# Needs: a release build (cargo build --release), pulseaudio, pulseaudio-utils,
# libasound2-plugins. Not part of CI: it takes as long as it records.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
host_args=()
[ -n "${2:-}" ] && host_args=(--host "$2")
seconds=$((minutes * 60))
bin=target/release/rehearse
[ -x "$bin" ] || cargo build --release
clip=tests/fixtures/audio/record-clip.wav

export XDG_RUNTIME_DIR=$(mktemp -d)
# Its cookie in the private directory too: cpal's PulseAudio host
# authenticates by cookie alone, as it finds it through PULSE_COOKIE.
HOME=$XDG_RUNTIME_DIR XDG_CONFIG_HOME= pulseaudio --daemonize=yes --exit-idle-time=-1 -n \
  --load=module-native-protocol-unix \
  --load="module-null-sink sink_name=vsink rate=48000" 2>/dev/null
export PULSE_COOKIE=$XDG_RUNTIME_DIR/.config/pulse/cookie
pactl set-default-sink vsink
pactl set-default-source vsink.monitor
pacat -d vsink < /dev/zero & keeper=$!
( while true; do paplay -d vsink "$clip" 2>/dev/null || break; done ) & talker=$!
cleanup() {
  kill "$talker" "$keeper" 2>/dev/null || true
  pulseaudio --kill 2>/dev/null || true
  rm -rf "$XDG_RUNTIME_DIR"
}
trap cleanup EXIT

out=$(mktemp)
"$bin" mic-check --seconds "$seconds" --no-playback --format json "${host_args[@]}" > "$out" &
pid=$!
echo "recording $minutes min (pid $pid); RSS in KiB every 10 s:"
rss_log=()
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true)
  [ -n "$rss" ] && rss_log+=("$rss") && last_ticks=$ticks
  sleep 10
done
wait "$pid"
hz=$(getconf CLK_TCK)
peak=$(printf '%s\n' "${rss_log[@]}" | sort -n | tail -1)
first=${rss_log[1]:-${rss_log[0]}}
last=${rss_log[-1]}
cpu=$(awk -v t="$last_ticks" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }')
per_min=$(awk -v c="$cpu" -v m="$minutes" 'BEGIN { printf "%.2f", c / m }')
echo "RSS samples: ${rss_log[*]}"
echo "report: $(tr -d '\n ' < "$out")"
echo "peak RSS: $peak KiB (at 10 s: $first KiB, at the end: $last KiB)"
echo "CPU time: $cpu s in all, $per_min s per recorded minute"
