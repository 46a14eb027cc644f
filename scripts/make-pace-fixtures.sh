#!/usr/bin/env bash
# Makes the speaking-rate and filler fixtures in tests/fixtures/pace/ with
# espeak-ng and sox, each with its truth in a JSON file next to it.
#
#   scripts/make-pace-fixtures.sh            the tuning set, committed
#   scripts/make-pace-fixtures.sh --heldout DIR
#                                            other voices, rates and texts,
#                                            for a cross-check that was not
#                                            tuned on (not committed):
#       REHEARSE_PACE_FIXTURES=DIR cargo test --test it pace_ -- --nocapture
#
# A clip is an interview answer read by one espeak-ng voice at one rate,
# optionally sped up or slowed down with `sox tempo` (pitch kept). The text
# is cut at markers: `{g0.6}` is a gap of 0.6 s, `{p2.0}` a long pause,
# `{um}` `{uh}` `{er}` `{erm}` a filled pause: a lengthened vowel (and nasal)
# synthesised by the same voice from phonemes, 6 dB quieter than the words,
# with 0.2 s of silence either side. Each piece is resampled to 16 kHz mono,
# normalised and trimmed where it rises above -50 dBFS, so every start in the
# truth is an exact sample count. `-noise20` clips add white noise 20 dB
# below the RMS level of the pieces (sox -R: repeatable).
#
# Truth (NAME.json): `words` (the words of the text), `speaking` (seconds
# from the first word's start to the last word's end, less pauses of 1.5 s
# or more and less the fillers), `wpm` = words / speaking * 60, and
# `fillers: [{start, length, kind}]`.
#
# Needs: espeak-ng, sox, awk. Run from the repository root.
set -euo pipefail

out=tests/fixtures/pace
set_name=tuning
if [[ ${1:-} == --heldout ]]; then
    out=${2:?--heldout needs a directory}
    set_name=heldout
fi
rate=16000
lead=1.0
tail=1.0
filler_gap=0.2
long_pause_min=1.5

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

sox_() { sox -R -D -V1 "$@"; }
samples() { soxi -s "$1"; }
secs_to_samples() { awk -v s="$1" -v r="$rate" 'BEGIN { printf "%d", s * r + 0.5 }'; }
sec() { awk -v n="$1" -v r="$rate" 'BEGIN { printf "%.4f", n / r }'; }
silence() { sox_ -r "$rate" -c 1 -n -b 16 "$2" trim 0 "$1"s; }

# piece OUT VOICE SPEED TEMPO GAIN TEXT: synthesise, resample, tempo,
# normalise, trim.
piece() {
    local tempo=()
    [[ $4 != 1 ]] && tempo=(tempo -s "$4")
    espeak-ng -v "$2" -s "$3" -w "$tmp/raw.wav" "$6"
    sox_ "$tmp/raw.wav" -b 16 -c 1 "$1" rate -v "$rate" "${tempo[@]}" gain -n "$5" \
        silence 1 0.005 -50d reverse silence 1 0.005 -50d reverse
}

declare -A filler_phonemes=(
    [um]='[[@:::m]]' [uh]='[[@::::]]' [er]='[[3::::]]' [erm]='[[3:::m]]'
)

# clip NAME VOICE SPEED TEMPO NOISE TEXT
clip() {
    local name=$1 voice=$2 speed=$3 tempo=$4 noise=$5 text=$6
    local parts=() n=0 pos words=0 first=-1 last=0 long=0 filler_total=0
    local fillers="" i=0 f
    silence "$(secs_to_samples $lead)" "$tmp/lead.wav"
    parts+=("$tmp/lead.wav")
    pos=$(samples "$tmp/lead.wav")
    : >"$tmp/spoken.list"
    while IFS= read -r tok; do
        tok=$(echo "$tok" | sed 's/^ *//; s/ *$//')
        [[ -z $tok ]] && continue
        i=$((i + 1))
        f="$tmp/p$i.wav"
        case $tok in
        '{g'*|'{p'*)
            local s=${tok:2:-1}
            n=$(secs_to_samples "$s")
            silence "$n" "$f"
            if awk -v s="$s" -v m="$long_pause_min" 'BEGIN { exit !(s >= m) }'; then
                long=$((long + n))
            fi
            ;;
        '{'*)
            local kind=${tok:1:-1}
            silence "$(secs_to_samples $filler_gap)" "$tmp/fg$i.wav"
            parts+=("$tmp/fg$i.wav")
            pos=$((pos + $(samples "$tmp/fg$i.wav")))
            # Fillers are said slowly: 90 words a minute, whatever the voice's rate.
            piece "$f" "$voice" 90 1 -9 "${filler_phonemes[$kind]}"
            n=$(samples "$f")
            fillers+="${fillers:+, }{\"start\": $(sec $pos), \"length\": $(sec "$n"), \"kind\": \"$kind\"}"
            filler_total=$((filler_total + n))
            parts+=("$f")
            pos=$((pos + n))
            f="$tmp/fa$i.wav"
            n=$(samples "$tmp/fg$i.wav")
            cp "$tmp/fg$i.wav" "$f"
            ;;
        *)
            piece "$f" "$voice" "$speed" "$tempo" -3 "$tok"
            n=$(samples "$f")
            words=$((words + $(echo "$tok" | tr -d '.,;:?!' | wc -w)))
            [[ $first -lt 0 ]] && first=$pos
            last=$((pos + n))
            echo "$f" >>"$tmp/spoken.list"
            ;;
        esac
        parts+=("$f")
        pos=$((pos + n))
    done < <(echo "$text" | sed 's/{\([^}]*\)}/\n{\1}\n/g')
    silence "$(secs_to_samples $tail)" "$tmp/tail.wav"
    parts+=("$tmp/tail.wav")
    sox_ "${parts[@]}" "$out/$name.wav"

    if [[ $noise != 0 ]]; then
        mapfile -t spoken <"$tmp/spoken.list"
        if [[ ${#spoken[@]} -gt 1 ]]; then
            sox_ "${spoken[@]}" "$tmp/spoken.wav"
        else
            cp "${spoken[0]}" "$tmp/spoken.wav"
        fi
        rms() { sox "$1" -n stat 2>&1 | awk '/RMS +amplitude/ { print $3 }'; }
        local speech_rms noise_rms vol total
        speech_rms=$(rms "$tmp/spoken.wav")
        total=$(samples "$out/$name.wav")
        sox_ -r "$rate" -c 1 -n -b 16 "$tmp/noise.wav" synth "$total"s whitenoise vol 0.5
        noise_rms=$(rms "$tmp/noise.wav")
        vol=$(awk -v s="$speech_rms" -v n="$noise_rms" -v d="$noise" \
            'BEGIN { printf "%.6f", s / n / 10 ^ (d / 20) }')
        sox_ -m -v 1 "$out/$name.wav" -v "$vol" "$tmp/noise.wav" "$tmp/mixed.wav"
        mv "$tmp/mixed.wav" "$out/$name.wav"
    fi

    local speaking=$((last - first - long - filler_total))
    cat >"$out/$name.json" <<EOF
{
  "voice": "$voice",
  "espeak_rate": $speed,
  "tempo": $tempo,
  "snr_db": $([[ $noise != 0 ]] && echo "$noise" || echo null),
  "words": $words,
  "first_word": $(sec $first),
  "last_word_end": $(sec $last),
  "speaking": $(sec $speaking),
  "wpm": $(awk -v w="$words" -v s="$speaking" -v r="$rate" 'BEGIN { printf "%.1f", w / (s / r) * 60 }'),
  "fillers": [$fillers]
}
EOF
    echo "$name: $words words, $(sec $speaking) s speaking, $(jq .wpm "$out/$name.json") wpm, $(jq '.fillers | length' "$out/$name.json") fillers"
}

# Texts: answers in the words a candidate might use.
t_conflict="Last year two engineers on my team disagreed about how to split a service. {g0.5} I asked each of them to write down what they were afraid of losing. {p2.0} We met, read both notes together, and agreed on a plan that kept the tests fast."
t_conflict_f="Last year two engineers on my team disagreed about how to split a service. {um} I asked each of them to write down what they were afraid of losing. {g0.6} We met, {uh} read both notes together, and agreed on a plan that kept the tests fast. {er} It worked."
t_failure="The biggest mistake I made was promising a launch date before I had talked to support. {g0.7} The release went out, but the help desk was flooded for a week. {g0.5} Now I bring support into planning from the first meeting."
t_failure_f="The biggest mistake I made was promising a launch date before I had talked to support. {erm} The release went out, {um} but the help desk was flooded for a week. {g0.5} Now I bring support into planning from the first meeting."
t_why="I want this role because your product sits between finance and engineering, which is exactly where I have spent the last six years. {g0.6} I also liked how openly your team talked about what went wrong in the first interview."
t_why_f="I want this role because your product sits between finance and engineering, {uh} which is exactly where I have spent the last six years. {g0.6} I also liked how openly your team talked about what went wrong {um} in the first interview."
t_start="My notice period is two months, so I could start at the beginning of March. {g0.8} If you need someone sooner, I can ask my manager about leaving a few weeks early."
t_lead="When our manager left in the middle of a project, nobody owned the roadmap. {g0.6} I offered to run the weekly planning until a new lead arrived. {p1.8} We shipped the migration on time, and I learned to say no to work that did not fit the goal."
t_lead_f="When our manager left in the middle of a project, {er} nobody owned the roadmap. {g0.6} I offered to run the weekly planning until a new lead arrived. {uh} We shipped the migration on time, {um} and I learned to say no to work that did not fit the goal."
t_improve="If I could change one thing here, I would make the onboarding documents easier to find. {g0.5} New people lose their first days searching for answers that already exist somewhere. {g0.7} A single page with links would save everyone time."
t_improve_f="If I could change one thing here, {um} I would make the onboarding documents easier to find. {erm} New people lose their first days searching for answers that already exist somewhere. {g0.7} A single page with links {uh} would save everyone time."
# More held-out texts, written after the first round of held-out results:
# from short words (june, 1.1 syllables a word) to long (team, 2.2).
t_june="Yes, I can start in June. {g0.5} My contract ends in May, and I have no plans for the summer. {g0.6} So the timing works well for me."
t_june_f="Yes, I can start in June. {um} My contract ends in May, {uh} and I have no plans for the summer. {g0.6} So the timing works well for me."
t_team="In my current team I coordinate three developers and one designer. {g0.7} Every Monday we review priorities together, and I make sure everybody understands the reasons behind each decision. {p1.6} That transparency reduced misunderstandings considerably."
t_team_f="In my current team I coordinate three developers and one designer. {erm} Every Monday we review priorities together, {um} and I make sure everybody understands the reasons behind each decision. {p1.6} That transparency reduced misunderstandings considerably."
t_ask="Could you tell me how the team measures success in the first six months? {g0.8} I would also like to know who I would work with most closely, and how decisions about priorities are usually made."
t_ask_f="Could you tell me how the team measures success {uh} in the first six months? {g0.8} I would also like to know who I would work with most closely, {er} and how decisions about priorities are usually made."
t_left="I left my last job because the company stopped investing in the product I built. {g0.6} I wanted to keep learning, {um} so I looked for a team that ships every week. {g0.7} Your job advert described exactly that."
t_call="The hardest call I made was to cancel a feature two days before the release. {g0.5} It was not ready, and I told the client myself. {p1.7} They were annoyed at first, but they thanked us a month later."
t_call_f="The hardest call I made was to cancel a feature two days before the release. {uh} It was not ready, and I told the client myself. {p1.7} They were annoyed at first, {erm} but they thanked us a month later."

if [[ $set_name == tuning ]]; then
    clip conflict-us-140 en-us 140 1 0 "$t_conflict"
    clip failure-f3-120 en-gb+f3 120 1 0 "$t_failure"
    clip why-scot-170 en-gb-scotland 170 1 0 "$t_why"
    clip conflict-us-140-fillers en-us 140 1 0 "$t_conflict_f"
    clip failure-m3-150-tempo120-fillers en-us+m3 150 1.2 0 "$t_failure_f"
    clip why-rp-125-fillers en-gb-x-rp 125 1 0 "$t_why_f"
    clip conflict-us-140-noise20 en-us 140 1 20 "$t_conflict"
    clip why-scot-170-noise20 en-gb-scotland 170 1 20 "$t_why"
    clip failure-m3-150-tempo120-fillers-noise20 en-us+m3 150 1.2 20 "$t_failure_f"
else
    clip lead-029-135 en-029 135 1 0 "$t_lead"
    clip improve-nyc-180 en-us-nyc 180 1 0 "$t_improve"
    clip start-f4-170-tempo085 en-gb-x-gbclan+f4 170 0.85 0 "$t_start"
    clip lead-f2-165-fillers en-us+f2 165 1 0 "$t_lead_f"
    clip improve-m7-145-fillers en+m7 145 1 0 "$t_improve_f"
    clip why-wm-175-tempo110-fillers en-gb-x-gbcwmd 175 1.1 0 "$t_why_f"
    clip improve-nyc-180-noise20 en-us-nyc 180 1 20 "$t_improve"
    clip lead-f2-165-fillers-noise20 en-us+f2 165 1 20 "$t_lead_f"
    clip june-andy-150 en-gb+Andy 150 1 0 "$t_june"
    clip june-f5-130-fillers en-us+f5 130 1 0 "$t_june_f"
    clip team-rp-m4-185-tempo090 en-gb-x-rp+m4 185 0.9 0 "$t_team"
    clip team-029-f1-160-fillers en-029+f1 160 1 0 "$t_team_f"
    clip ask-nyc-m2-140-fillers en-us-nyc+m2 140 1 0 "$t_ask_f"
    clip ask-scot-linda-200 en-gb-scotland+Linda 200 1 0 "$t_ask"
    clip june-m6-175-tempo115-fillers en-us+m6 175 1.15 0 "$t_june_f"
    clip team-029-f1-160-fillers-noise20 en-029+f1 160 1 20 "$t_team_f"
    clip ask-scot-linda-200-noise20 en-gb-scotland+Linda 200 1 20 "$t_ask"
    clip left-gbclan-m5-160-fillers en-gb-x-gbclan+m5 160 1 0 "$t_left"
    clip call-annie-145-tempo105-fillers en-us+Annie 145 1.05 0 "$t_call_f"
    clip call-m1-190 en-gb+m1 190 1 0 "$t_call"
    clip call-029-f3-120-noise20 en-029+f3 120 1 20 "$t_call"
    clip left-rp-f5-135-fillers-noise20 en-gb-x-rp+f5 135 1 20 "$t_left"
fi
du -sh "$out"
