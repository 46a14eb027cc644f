#!/usr/bin/env bash
# Makes the transcript accuracy fixtures in tests/fixtures/transcript/, each
# WAV with its truth in a JSON file beside it.
#
#   scripts/make-transcript-fixtures.sh          the tuning set, committed
#   scripts/make-transcript-fixtures.sh --heldout DIR
#                                                other voices, rates, texts
#                                                and recordings, made after
#                                                tuning and never tuned on:
#       REHEARSE_TRANSCRIPT_FIXTURES=DIR cargo test --test it transcript:: -- --nocapture
#
# Synthetic answers: interview answers read by one espeak-ng voice at one
# rate. The text is cut at markers: `{g0.4}` is a gap of 0.4 s, `{p1.8}` a
# long pause, `{um}` `{uh}` `{er}` `{erm}` a filler spoken as a word by the
# same voice, slower (so 0.25 to 0.6 s long), with `filler_gap` of silence
# either side. Each piece is resampled to 16 kHz mono, normalised and
# trimmed where it rises above -50 dBFS, so every start in the truth is an
# exact sample count. (Noise is added by the tests themselves, 20 dB under
# the speech, so the noisy clips cost no space here.)
#
# Real speech: read sentences from Debian's pocketsphinx-testdata (LibriVox,
# 16 kHz) and asterisk-core-sounds-en-wav (a recorded voice, 8 kHz; texts
# from core-sounds-en.txt), joined with silences at their own rate; their
# pieces' times are where each recording was placed, its own leading
# silence included, so they are not used to check word times ("timed":
# false).
#
# Truth (NAME.json): `text` (what was said, fillers included), `timed`,
# `pieces: [{start, end, text, filler}]` in seconds.
#
# Needs: espeak-ng, sox, awk, the two Debian packages. Run from the
# repository root.
set -euo pipefail

out=tests/fixtures/transcript
set_name=tuning
if [[ ${1:-} == --heldout ]]; then
    out=${2:?--heldout needs a directory}
    set_name=heldout
fi
rate=16000
lead=0.8
tail=0.8
filler_gap=0.15
sphinx=/usr/share/pocketsphinx/test/data/librivox
asterisk=/usr/share/asterisk/sounds/en_US_f_Allison

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

sox_() { sox -R -D -V1 "$@"; }
samples() { soxi -s "$1"; }
secs_to_samples() { awk -v s="$1" -v r="$2" 'BEGIN { printf "%d", s * r + 0.5 }'; }
sec() { awk -v n="$1" -v r="$2" 'BEGIN { printf "%.3f", n / r }'; }
silence() { sox_ -r "$3" -c 1 -n -b 16 "$2" trim 0 "$1"s; }
json_str() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }

# piece OUT VOICE SPEED TEXT: synthesise, resample, normalise, trim.
piece() {
    espeak-ng -v "$2" -s "$3" -w "$tmp/raw.wav" "$4"
    sox_ "$tmp/raw.wav" -b 16 -c 1 "$1" rate -v "$rate" gain -n -3 \
        silence 1 0.005 -50d reverse silence 1 0.005 -50d reverse
}

# answer NAME VOICE SPEED TEXT
answer() {
    local name=$1 voice=$2 speed=$3 text=$4
    local parts=() pieces="" pos n i=0 f said=""
    silence "$(secs_to_samples $lead $rate)" "$tmp/lead.wav" $rate
    parts+=("$tmp/lead.wav")
    pos=$(samples "$tmp/lead.wav")
    while IFS= read -r tok; do
        tok=$(echo "$tok" | sed 's/^ *//; s/ *$//')
        [[ -z $tok ]] && continue
        i=$((i + 1))
        f="$tmp/p$i.wav"
        case $tok in
        '{g'* | '{p'*)
            silence "$(secs_to_samples "${tok:2:-1}" $rate)" "$f" $rate
            parts+=("$f")
            pos=$((pos + $(samples "$f")))
            ;;
        '{'*)
            local word=${tok:1:-1}
            silence "$(secs_to_samples $filler_gap $rate)" "$tmp/fg$i.wav" $rate
            # Slower than the words: 70 to 110 words a minute, by position.
            piece "$f" "$voice" $((70 + (i * 13) % 41)) "$word"
            n=$(samples "$f")
            parts+=("$tmp/fg$i.wav" "$f" "$tmp/fg$i.wav")
            pos=$((pos + $(samples "$tmp/fg$i.wav")))
            pieces+="${pieces:+,}"$'\n'"    {\"start\": $(sec $pos $rate), \"end\": $(sec $((pos + n)) $rate), \"text\": \"$word\", \"filler\": true}"
            pos=$((pos + n + $(samples "$tmp/fg$i.wav")))
            said+="${said:+ }$word"
            ;;
        *)
            piece "$f" "$voice" "$speed" "$tok"
            n=$(samples "$f")
            parts+=("$f")
            pieces+="${pieces:+,}"$'\n'"    {\"start\": $(sec $pos $rate), \"end\": $(sec $((pos + n)) $rate), \"text\": \"$(json_str "$tok")\", \"filler\": false}"
            pos=$((pos + n))
            said+="${said:+ }$tok"
            ;;
        esac
    done < <(echo "$text" | sed 's/{\([^}]*\)}/\n{\1}\n/g')
    silence "$(secs_to_samples $tail $rate)" "$tmp/tail.wav" $rate
    parts+=("$tmp/tail.wav")
    sox_ "${parts[@]}" "$out/$name.wav"
    write_json "$name" "espeak-ng -v $voice -s $speed" true "$said" "$pieces"
}

# recording NAME SOURCE GAP FILE TEXT [FILE TEXT ...]: real recordings
# joined with GAP seconds of silence, at the first one's rate.
recording() {
    local name=$1 source=$2 gap=$3
    shift 3
    local r parts=() pieces="" pos n said="" i=0
    r=$(soxi -r "$1")
    silence "$(secs_to_samples $lead "$r")" "$tmp/lead.wav" "$r"
    silence "$(secs_to_samples "$gap" "$r")" "$tmp/gap.wav" "$r"
    parts+=("$tmp/lead.wav")
    pos=$(samples "$tmp/lead.wav")
    while (($#)); do
        i=$((i + 1))
        sox_ "$1" -b 16 -c 1 -r "$r" "$tmp/r$i.wav"
        n=$(samples "$tmp/r$i.wav")
        ((i > 1)) && { parts+=("$tmp/gap.wav"); pos=$((pos + $(samples "$tmp/gap.wav"))); }
        parts+=("$tmp/r$i.wav")
        pieces+="${pieces:+,}"$'\n'"    {\"start\": $(sec $pos "$r"), \"end\": $(sec $((pos + n)) "$r"), \"text\": \"$(json_str "$2")\", \"filler\": false}"
        pos=$((pos + n))
        said+="${said:+ }$2"
        shift 2
    done
    silence "$(secs_to_samples $tail "$r")" "$tmp/tail.wav" "$r"
    parts+=("$tmp/tail.wav")
    sox_ "${parts[@]}" "$out/$name.wav"
    write_json "$name" "$source" false "$said" "$pieces"
}

# write_json NAME SOURCE TIMED TEXT PIECES
write_json() {
    cat >"$out/$1.json" <<EOF
{
  "set": "$set_name",
  "source": "$(json_str "$2")",
  "timed": $3,
  "text": "$(json_str "$4")",
  "pieces": [$5
  ]
}
EOF
    echo "$1: $(soxi -d "$out/$1.wav"), $(echo "$4" | wc -w) words"
}

# The words of a LibriVox sentence from pocketsphinx's transcription file.
sphinx_text() {
    sed -n "s/^<s> \(.*\) <\/s> ($1)\$/\1/p" "$sphinx/transcription"
}

# Answers in the words a candidate might use; no digits, so the text is
# what a listener would write down.
t_migration="{um} The clearest example was a release where two senior engineers disagreed about a database migration. {g0.4} I booked a short call with both of them, {uh} and asked each one to explain the risk they saw. {p1.7} It turned out they wanted the same thing, {er} a safe way back if it failed. {g0.4} We agreed on a staged plan, and the release went out on time."
t_deadline="I missed a deadline in my first year as a team lead. {g0.4} I had promised the client a report by Friday, {um} but I underestimated how long the data cleaning would take. {p1.8} On Thursday I called them, explained the delay, {erm} and offered a partial version. {g0.5} They accepted it. {uh} Since then I plan with a buffer and I flag risks early."
t_role="So I applied because the role sits right between product and engineering. {uh} In my current job I already spend half my week with customers, {g0.4} and I enjoy turning what they tell me into a plan the team can build. {p1.6} Your company is growing quickly in Europe, {um} and I would like to help shape how the platform grows there."
t_planning="Last spring our manager left suddenly, {er} and nobody was leading the weekly planning. {g0.4} I offered to run it until a replacement was hired. {p1.7} {um} I kept the meetings short, wrote down every decision, {uh} and checked in with each person on Fridays. {g0.5} When the new manager started, she kept the same format."
t_audit="During the audit season we had three clients due in the same week. {um} I listed every task, {g0.3} sorted them by deadline and risk, {uh} and asked my director which client could move. {p1.6} One of them agreed to a later date. {erm} We delivered the other two on time, {er} and I learned to raise conflicts like that much earlier."

# Held-out answers, written after tuning.
t_mentor="When a new analyst joined us, {uh} she struggled with the reporting tools. {g0.4} I set aside an hour each morning to pair with her. {p1.7} {um} After a month she was running the weekly report on her own, {er} and she later trained the next new starter herself."
t_customer="A customer once called about an invoice that was wrong for the third month in a row. {erm} I listened first, {g0.3} apologised, and promised to call back before the end of the day. {p1.6} I found the cause in our billing rules, {uh} fixed it with the finance team, {um} and called him back that afternoon."
t_priorities="I would start by meeting everyone on the team, {um} one by one, {g0.4} to learn what slows them down. {p1.8} Then I would pick one small problem we can solve quickly, {er} so people see that change is possible. {uh} After that we can plan the bigger work together."
t_weakness="My weakness is that I take on too much myself. {uh} I used to say yes to every request, {g0.4} and my own projects slipped. {p1.7} Now I check my week before I agree to anything new, {erm} and I ask my manager to help me choose when two things clash."

if [[ $set_name == tuning ]]; then
    answer migration-us-150 en-us 150 "$t_migration"
    answer deadline-f3-135 en-gb+f3 135 "$t_deadline"
    answer role-m3-165 en-us+m3 165 "$t_role"
    answer planning-rp-140 en-gb-x-rp 140 "$t_planning"
    answer audit-scot-170 en-gb-scotland 170 "$t_audit"
    recording librivox-a "pocketsphinx-testdata LibriVox" 1.2 \
        "$sphinx/sense_and_sensibility_01_austen_64kb-0870.wav" "$(sphinx_text sense_and_sensibility_01_austen_64kb-0870)" \
        "$sphinx/sense_and_sensibility_01_austen_64kb-0880.wav" "$(sphinx_text sense_and_sensibility_01_austen_64kb-0880)" \
        "$sphinx/sense_and_sensibility_01_austen_64kb-0890.wav" "$(sphinx_text sense_and_sensibility_01_austen_64kb-0890)"
    recording asterisk-congrats "asterisk-core-sounds-en-wav (Allison)" 1.0 \
        "$asterisk/demo-congrats.wav" "Congratulations. You have successfully installed and executed the Asterisk open source PBX. You have also installed a set of sample sounds and configuration files that should help you to get started. Like a normal PBX you will navigate this demonstration by dialing digits. If you are using a console channel driver instead of a real phone you can use the dial, answer, and hang up commands to simulate the actions of a standard telephone."
    recording asterisk-echo "asterisk-core-sounds-en-wav (Allison)" 1.0 \
        "$asterisk/demo-echotest.wav" "You are about to enter an echo test. In this mode everything you say will be repeated back to you just as soon as it is received. The purpose of this test is to give you an audible sense of the latency between you and the machine that is running the echo test application. You may end the test by hanging up or by pressing the pound key."
else
    answer mentor-029-145 en-029 145 "$t_mentor"
    answer customer-f2-160 en-us+f2 160 "$t_customer"
    answer priorities-m7-150 en+m7 150 "$t_priorities"
    answer weakness-nyc-175 en-us-nyc 175 "$t_weakness"
    answer migration-gbclan-f4-130 en-gb-x-gbclan+f4 130 "$t_migration"
    answer role-wm-180 en-gb-x-gbcwmd 180 "$t_role"
    recording librivox-b "pocketsphinx-testdata LibriVox" 1.4 \
        "$sphinx/sense_and_sensibility_01_austen_64kb-0920.wav" "$(sphinx_text sense_and_sensibility_01_austen_64kb-0920)" \
        "$sphinx/sense_and_sensibility_01_austen_64kb-0930.wav" "$(sphinx_text sense_and_sensibility_01_austen_64kb-0930)"
    recording asterisk-connect "asterisk-core-sounds-en-wav (Allison)" 1.2 \
        "$asterisk/demo-abouttotry.wav" "I am about to attempt an Inter-Asterisk Exchange connection to a demonstration server located at Digium. In order for this to work you must already be connected to the Internet. Please wait a moment while I attempt to make the connection." \
        "$asterisk/demo-nogo.wav" "I am afraid I was unable to create a connection to the Digium demonstration Asterisk server. You may find some helpful debugging information on the Asterisk console."
    recording asterisk-queue "asterisk-core-sounds-en-wav (Allison)" 1.5 \
        "$asterisk/confbridge-mute-extended.wav" "to mute, or unmute yourself. When you are muted you can not send audio to other participants. However you will still hear audio from other unmuted participants." \
        "$asterisk/queue-periodic-announce.wav" "All of our representatives are currently busy. Please stay on the line and your call will be answered by the next available representative." \
        "$asterisk/tt-allbusy.wav" "All representatives of the household are currently assisting other telemarketers. Please hold and your call will be answered in the order it was received." \
        "$asterisk/vm-tmpexists.wav" "There is a temporary greeting, which overrides your standard greetings."
fi
du -sh "$out"
