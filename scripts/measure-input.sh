#!/usr/bin/env bash
# What reading large or deeply nested input costs the whole program: wall
# time and peak RSS (GNU time's "Maximum resident set size") of one command
# per generated file, for a binary (default: this tree's release build).
#
#   scripts/measure-input.sh [BINARY]
#
# Files (in a scratch directory):
#   bank-2MB      10,000 questions shaped like the shipped banks, 2 MB
#   bank-4MB      20,500 such questions, just under the 4 MiB cap
#   bank-14MB     70,000 such questions (refused by the cap)
#   bank-empties  249,000 empty questions `[{},{},…]` (just under the event limit)
#   session-2MB   1,000 recorded answers with analyses
#   session-6MB   3,300 recorded answers (refused by the event limit)
#   session-empties  249,000 empty answers `[{},{},…]` (just under the event limit)
#   nested-80KB, nested-200KB   a bank, a config and a session whose one
#                 value is `[[[…]]]` (the old binary takes seconds to minutes)
#
# Needs GNU time (/usr/bin/time) and awk.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$PWD/target/release/rehearse}
[ -x "$bin" ] || cargo build --release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/home"

bank() { # N FILE: N questions as benches/banks.rs makes them
  awk -v n="$1" 'BEGIN {
    print "title: Generated\ndefaults:\n  category: behavioural\n  min: 1m\n  target: 2m\n  max: 3m\nquestions:"
    for (i = 0; i < n; i++) {
      printf "  - id: q-%d\n    text: Tell us about situation number %d and what you did about it.\n    tags: [conflict, teamwork]\n    weight: %d\n    target: %ds\n", i, i, 1 + i % 3, 90 + i % 60
      if (i % 3 == 0) print "    hints:\n      - \"Situation: where and when\"\n      - \"Result: what changed\"\n    follow_ups:\n      - text: What would you do differently?\n        target: 45s"
    }
  }' > "$2"
}
session() { # N DIR: a session of N recorded answers with analyses
  mkdir -p "$2/20260101-000000"
  awk -v n="$1" 'BEGIN {
    print "version: 1\nid: 20260101-000000\nkind: drill\nstarted: 2026-01-01T00:00:00Z\nfinished: null\ncompleted: true\nitems:"
    for (k = 0; k < n; k++) {
      printf "- id: q-%d\n  text: Tell us about situation number %d.\n  category: c\n  min: 45.0\n  target: 90.0\n  max: 120.0\n  start: %d.0\n  duration: 40.5\n  paused: 0.0\n  verdict: on-target\n  rating: 3\n", k, k, k % 1000
      printf "  recording:\n    file: %d.wav\n    length: 100.0\n    rate: 48000\n    dropped: 0\n    xruns: 0\n", k
      print "  analysis:\n    length: 100.0\n    first_word: 1.25\n    speaking: 80.0\n    speaking_ratio: 0.8\n    pause_threshold: 1.5\n    pauses: []\n    longest_pause: null\n    trailing_silence: 1.0\n    speech:"
      for (p = 0; p < 30; p++) printf "    - start: %d.5\n      length: 2.5\n", p * 3
      print "    levels:\n      peak_db: -3.0\n      floor_db: -60.0\n      speech_db: -20.0\n      speech_seen: true\n      clipped_samples: 0"
    }
  }' > "$2/20260101-000000/session.yaml"
}
nested() { # BYTES: `[[[…]]]` of about BYTES bytes
  awk -v n="$(($1 / 2))" 'BEGIN { for (i = 0; i < n; i++) printf "["; for (i = 0; i < n; i++) printf "]" }'
}

bank 10000 "$dir/bank-2MB.yaml"
bank 20500 "$dir/bank-4MB.yaml"
bank 70000 "$dir/bank-14MB.yaml"
awk 'BEGIN { printf "title: T\nquestions: ["; for (i = 0; i < 249000; i++) printf "{},"; print "{}]" }' > "$dir/bank-empties.yaml"
session 1000 "$dir/session-2MB"
session 3300 "$dir/session-6MB"
mkdir -p "$dir/session-empties/20260101-000000"
awk 'BEGIN { printf "version: 1\nitems: ["; for (i = 0; i < 249000; i++) printf "{},"; print "{}]" }' \
  > "$dir/session-empties/20260101-000000/session.yaml"
for size in 80 200; do
  n=$(nested $((size * 1000)))
  printf 'title: T\nquestions:\n  - id: a\n    text: %s\n' "$n" > "$dir/bank-nested-${size}KB.yaml"
  printf 'think: %s\n' "$n" > "$dir/config-nested-${size}KB.yaml"
  mkdir -p "$dir/session-nested-${size}KB/20260101-000000"
  printf 'version: 1\nid: x\nitems: %s\n' "$n" > "$dir/session-nested-${size}KB/20260101-000000/session.yaml"
done

run() { # LABEL FILE-BYTES COMMAND…
  local label=$1 bytes=$2
  shift 2
  env HOME="$dir/home" XDG_CONFIG_HOME="$dir/home/.config" \
    /usr/bin/time -o "$dir/time" -f '%e %M' "$@" >/dev/null 2>&1 || true
  read -r secs kib < <(tail -1 "$dir/time")
  awk -v l="$label" -v b="$bytes" -v s="$secs" -v k="$kib" \
    'BEGIN { printf "%-22s %9.2f MB %8.2f s %8.1f MB RSS %7.1f MB/MB\n", l, b / 1e6, s, k / 1024, (k / 1024) / (b / 1e6) }'
}
size() { wc -c < "$1"; }

echo "binary: $bin"
for f in bank-2MB bank-4MB bank-14MB bank-empties bank-nested-80KB bank-nested-200KB; do
  run "$f" "$(size "$dir/$f.yaml")" "$bin" banks check "$dir/$f.yaml"
done
for f in session-2MB session-6MB session-empties session-nested-80KB session-nested-200KB; do
  run "$f" "$(size "$dir/$f/20260101-000000/session.yaml")" "$bin" sessions --recordings-dir "$dir/$f"
done
for f in config-nested-80KB config-nested-200KB; do
  run "$f" "$(size "$dir/$f.yaml")" env REHEARSE_CONFIG="$dir/$f.yaml" "$bin" draw -n 1
done
