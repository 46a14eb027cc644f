#!/usr/bin/env bash
# Makes the speech fixtures in tests/fixtures/speech/ with espeak-ng and sox,
# and writes their README with the true speech boundaries.
#
#   speech.wav          1.2 s silence, phrase A, 2.0 s pause, phrase B,
#                       0.8 s pause (under the 1.5 s default), phrase C,
#                       1.5 s silence. 16 kHz mono 16-bit.
#   speech-noise20.wav  the same mixed with white noise 20 dB below the
#                       speech's RMS level (20 dB SNR).
#
# Each phrase is synthesised, resampled, normalised to -3 dBFS peak and
# trimmed where it first and last rises above -50 dBFS, so its boundaries are
# the sample counts sox reports. Silences are digital zeros. `sox -R` makes
# the noise repeatable; `-D` turns dither off so silence stays silent.
#
# Needs: espeak-ng, sox (Debian: apt-get install espeak-ng sox).
# Run from the repository root: scripts/make-speech-fixtures.sh
set -euo pipefail

out=tests/fixtures/speech
rate=16000
lead=1.2
long_pause=2.0
short_pause=0.8
tail=1.5
snr_db=20

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

sox_() { sox -R -D -V1 "$@"; }

# phrase NAME TEXT: synthesise, resample, normalise, trim both ends.
phrase() {
    espeak-ng -v en-us -s 165 -w "$tmp/$1-raw.wav" "$2"
    sox_ "$tmp/$1-raw.wav" -b 16 -c 1 "$tmp/$1.wav" \
        rate -v "$rate" gain -n -3 \
        silence 1 0.005 -50d reverse silence 1 0.005 -50d reverse
}

phrase a "Thanks for having me today."
phrase b "I led the billing migration last spring."
phrase c "It shipped on time."

sox_ "$tmp/a.wav" "$tmp/a-pad.wav" pad "$lead" "$long_pause"
sox_ "$tmp/b.wav" "$tmp/b-pad.wav" pad 0 "$short_pause"
sox_ "$tmp/c.wav" "$tmp/c-pad.wav" pad 0 "$tail"
sox_ "$tmp/a-pad.wav" "$tmp/b-pad.wav" "$tmp/c-pad.wav" "$out/speech.wav"

# White noise 20 dB below the RMS level of the phrases alone.
sox_ "$tmp/a.wav" "$tmp/b.wav" "$tmp/c.wav" "$tmp/phrases.wav"
rms() { sox "$1" -n stat 2>&1 | awk '/RMS +amplitude/ { print $3 }'; }
speech_rms=$(rms "$tmp/phrases.wav")
total=$(soxi -D "$out/speech.wav")
sox_ -n -r "$rate" -b 16 -c 1 "$tmp/noise-raw.wav" synth "$total" whitenoise vol 0.5
noise_rms=$(rms "$tmp/noise-raw.wav")
vol=$(awk -v s="$speech_rms" -v n="$noise_rms" -v d="$snr_db" \
    'BEGIN { printf "%.6f", s / n / 10 ^ (d / 20) }')
sox_ -m -v 1 "$out/speech.wav" -v "$vol" "$tmp/noise-raw.wav" "$out/speech-noise20.wav"

# True boundaries, in seconds, from sample counts.
samples() { soxi -s "$1"; }
sec() { awk -v n="$1" -v r="$rate" 'BEGIN { printf "%.4f", n / r }'; }
na=$(samples "$tmp/a.wav")
nb=$(samples "$tmp/b.wav")
nc=$(samples "$tmp/c.wav")
nlead=$(awk -v s="$lead" -v r="$rate" 'BEGIN { printf "%d", s * r }')
nlong=$(awk -v s="$long_pause" -v r="$rate" 'BEGIN { printf "%d", s * r }')
nshort=$(awk -v s="$short_pause" -v r="$rate" 'BEGIN { printf "%d", s * r }')
a0=$nlead
a1=$((a0 + na))
b0=$((a1 + nlong))
b1=$((b0 + nb))
c0=$((b1 + nshort))
c1=$((c0 + nc))
ntotal=$(samples "$out/speech.wav")

cat >"$out/README.md" <<EOF
# Speech fixtures

Made by \`scripts/make-speech-fixtures.sh\` (espeak-ng $(espeak-ng --version | awk '{ print $4 }'), sox
$(sox --version | awk '{ print $3 }')). Both files are 16 kHz mono 16-bit PCM. Do not edit by hand:
run the script, then update the constants in \`tests/it/analyze.rs\`.

- \`speech.wav\`: three phrases with digital silence around and between them.
- \`speech-noise20.wav\`: the same mixed with white noise 20 dB below the
  RMS level of the phrases (speech RMS $speech_rms, noise RMS
  $(awk -v n="$noise_rms" -v v="$vol" 'BEGIN { printf "%.6f", n * v }')).

Boundaries (seconds from the start, exact: sample counts / 16000). Each
phrase was trimmed where it rises above -50 dBFS, so these are where the
speech is.

| what                                   | start  | end    | length |
|----------------------------------------|--------|--------|--------|
| leading silence                        | 0.0000 | $(sec $a0) | $(sec $a0) |
| A "Thanks for having me today."        | $(sec $a0) | $(sec $a1) | $(sec $na) |
| pause (over 1.5 s)                     | $(sec $a1) | $(sec $b0) | $(sec $nlong) |
| B "I led the billing migration last spring." | $(sec $b0) | $(sec $b1) | $(sec $nb) |
| pause (under 1.5 s)                    | $(sec $b1) | $(sec $c0) | $(sec $nshort) |
| C "It shipped on time."                | $(sec $c0) | $(sec $c1) | $(sec $nc) |
| trailing silence                       | $(sec $c1) | $(sec $ntotal) | $(sec $((ntotal - c1))) |

Total length $(sec $ntotal) s.
EOF

cat "$out/README.md"
ls -l "$out"
