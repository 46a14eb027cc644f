#!/usr/bin/env bash
# How soon replay's pause, resume, jump and restart are heard after their
# key, on both sound systems: the timing the replay tests leave out.
#
# `cargo test` checks what load cannot break: that each is heard within
# 150 ms (PulseAudio) or the device's buffer (ALSA) of the program taking
# the key, counted from when its screen shows it. How long a key waits for
# a busy program is load, so the key-to-sound times are only figures, from
# the same tests run N times here (default 5), each test on its own private
# PulseAudio server, capturing what its null sink plays:
#
#   scripts/measure-replay.sh [N]
#
# Prints, per sound system and event, the median and range of the time from
# the key to the sound (negative: the capture's clock puts the sink's output
# up to 30 ms early), and of the time from the screen to the sound. Run it
# on a quiet machine for the figures docs/audio.md quotes. Needs pulseaudio,
# pulseaudio-utils and libasound2-plugins.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
figures=$(mktemp)
trap 'rm -f "$figures"' EXIT
for _ in $(seq "$runs"); do
	cargo test -q --test it -- --test-threads=1 --nocapture \
		replay::pause_is_heard_at_once replay::jump_is_heard_at_once 2>&1 |
		grep -o 'figures: .* heard .* after the key.*' >>"$figures" || true
done
# figures: Pulse: the new position heard -10 ms after the key, -20 ms after the screen showed it
awk '
	{
		sub(/^figures: /, "")
		host = $1; sub(/:$/, "", host)
		line = $0; sub(/^[^ ]+ /, "", line)
		what = line; sub(/ heard .*/, "", what)
		split(line, parts, " heard ")
		split(parts[2], n, " ")
		key = n[1] + 0; screen = n[6] + 0
		k = host ": " what
		keys[k] = keys[k] " " key; screens[k] = screens[k] " " screen
	}
	function summary(list,   a, m, i, j, t) {
		m = split(substr(list, 2), a, " ")
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		return sprintf("%4d ms (%d to %d, %d runs)", a[int((m + 1) / 2)], a[1], a[m], m)
	}
	END {
		printf "%-30s %-32s %s\n", "", "after the key", "after the screen showed it"
		for (k in keys) printf "%-30s %-32s %s\n", k, summary(keys[k]), summary(screens[k])
	}
' "$figures" | sort
