#!/bin/sh
# bench.sh - the benchmark table of vnreader (`make bench`). Not a test.
#
# usage: sh tests/bench.sh build/vnreader
# Prints ONE table. Every figure is set against a reference measured in the same run, because the
# machine is shared and noisy: eSpeak NG's own program on the same (already normalized) text, or
# the same measurement at a smaller size. A MISS never fails the build; the script exits non-zero
# only when a measurement itself cannot run (a program fails, a tool is missing).
#
# Inputs (in a temporary folder, removed at the end): the samples/*.txt repeated to >= 100 KB (1x),
# 10x (>= 1 MB: also the "mixed news text" for the normalizer) and 100x; the 10x and 100x texts
# joined into one line (1 MB and 10 MB single lines). If samples/ is empty, tests/bench/fallback.txt.
#
# Rows:
#   1. normalizer throughput, in process (build/bench_normalize, best of N), MB = 10^6 bytes:
#      1 MB of news against the 20 MB/s target; 1 MB and 10 MB single lines (linear time).
#   1b. reading accuracy on the real-news corpus (tests/corpus/baomoi_news.tsv, scored by
#      tests/corpus/score.py): % of sentences read exactly right, per category and overall,
#      against the 98 % target.
#   2. `vnreader -o x.wav` total time against `espeak-ng -v vi -w y.wav -f` on the text that
#      `vnreader --normalize` made of it, at the voice's rate and pitch (hyperfine): wall time,
#      best of N, and CPU time (user + system), mean of N.
#   3. time to the first audio byte on stdout, `vnreader -o - --format raw` against
#      `espeak-ng --stdout` (build/first_byte, runs interleaved, median).
#   4. peak RSS (/usr/bin/time): `-o x.wav` at 1x against espeak-ng, at 10x and 100x against 1x;
#      `--normalize` at 100x against 1x. Synthesizing 100x (about 10 MB of text, some 200 hours of
#      audio) takes far too long for a routine run, so the 10x and 100x synthesis runs are stopped
#      with SIGINT after BENCH_RSS_SECONDS (default 30; 0 = run to the end) and the row says so.
#   5. live playback on the null device at real time, in process (build/bench_playback, median
#      and worst of BENCH_PLAY_RUNS): first audio in the playback ring after vnr_reader_read starts
#      (eSpeak NG already up), for 1x, 100x (10 MB) and the 10 MB single line, target <= 20 ms;
#      pause and stop: from vnr_reader_pause() / vnr_reader_stop() to silence, target <= 30 ms.
#   6. --preset broadcast and --preset web against the same output without loudness (48 kHz
#      24-bit WAV; 44.1 kHz MP3), on one core and on all, target <= 1.3x (broadcast against
#      plain -o x.wav is shown too, without a target: see README "For radio producers"); the loudness
#      the two files end at (ffmpeg's ebur128 filter), target +-0.1 LU, true peak <= -1 dBTP.
#   7. the loudness meter and the true-peak check of --preset broadcast, in process
#      (build/bench_meter, best of 7): ns per sample on speech at 48 kHz, against a plain copy and
#      sum of squares of the same samples in the same run (target: the meter <= 3x that pass, the
#      true-peak check <= 1x); the meter on digital silence against the meter on speech (<= 1.2x:
#      the filters' denormal guard).
# Rows to add when their features exist (not measured yet, so not printed):
#   - streaming first audio through speech-dispatcher, against espeak-ng's first byte.
#
# Environment: BENCH_RUNS (timed runs per command, default 3), BENCH_RSS_SECONDS (see above),
# BENCH_PLAY_RUNS (runs per playback measurement, default 15), BENCH_ONLY (a list of sections:
# normalizer reading file_time pronounce first_byte rss playback produce_rss presets meter).
set -u

die() {
    echo "bench: $*" >&2
    exit 1
}

[ $# -eq 1 ] || { echo "usage: sh tests/bench.sh build/vnreader" >&2; exit 2; }
VNR=$1
BUILD=$(dirname "$VNR")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${BENCH_RUNS:-3}
RSS_SECONDS=${BENCH_RSS_SECONDS:-30}
VOICES=${VNREADER_DATA:-$ROOT/voices}

for tool in "$VNR" "$BUILD/bench_normalize" "$BUILD/first_byte" "$BUILD/bench_playback" \
    "$BUILD/bench_meter"; do
    [ -x "$tool" ] || die "$tool: not built (run make bench)"
done
for tool in espeak-ng hyperfine python3 timeout ffmpeg; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool: not installed (run make bench-deps)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time: not installed (run make bench-deps)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vnreader-bench.XXXXXX") || die "cannot create a temporary folder"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
ROWS=$WORK/rows

# --- Inputs ---------------------------------------------------------------------------------

# Echo "KEY" of a voice profile line "key = value".
voice_key() {
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$VOICES/north.voice" | tail -n 1
}

# Repeat file $1 into $2 ($3 times).
repeat() {
    i=0
    : >"$2"
    while [ "$i" -lt "$3" ]; do
        cat "$1" >>"$2"
        i=$((i + 1))
    done
}

make_inputs() {
    set -- "$ROOT"/samples/*.txt
    [ -f "$1" ] || set -- "$ROOT/tests/bench/fallback.txt"
    SOURCE="$*"
    for f in "$@"; do
        cat "$f"
        printf '\n\n' # each sample its own paragraph, whatever its last line
    done >"$WORK/base.txt"
    base=$(wc -c <"$WORK/base.txt")
    [ "$base" -gt 0 ] || die "no sample text"
    repeat "$WORK/base.txt" "$WORK/x1.txt" $(((100000 + base - 1) / base))
    repeat "$WORK/x1.txt" "$WORK/x10.txt" 10
    repeat "$WORK/x10.txt" "$WORK/x100.txt" 10
    tr '\n' ' ' <"$WORK/x10.txt" >"$WORK/line1.txt"
    tr '\n' ' ' <"$WORK/x100.txt" >"$WORK/line10.txt"
    "$VNR" --normalize "$WORK/x1.txt" >"$WORK/n1.txt" || die "vnreader --normalize failed"
}

# --- The table ------------------------------------------------------------------------------

# row NAME VALUE REFERENCE RATIO TARGET PASS(1|0): one line of the table.
row() {
    verdict=MISS
    [ "$6" = 1 ] && verdict=PASS
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$verdict" >>"$ROWS"
}

# calc EXPR VAR=VALUE...: evaluate an awk expression.
calc() {
    expr=$1
    shift
    awk "$@" "BEGIN { print ($expr) }" </dev/null
}

print_table() {
    awk -F '\t' '
        { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
        END {
            for (r = 1; r <= NR; r++) {
                line = ""
                for (i = 1; i <= 6; i++)
                    line = line sprintf(i == 1 ? "%-*s" : "  %*s", w[i], cell[r, i])
                print line
                if (r == 1) { gsub(/./, "-", line); print line }
            }
        }' "$ROWS"
}

# --- 1. Normalizer throughput ---------------------------------------------------------------

bench_normalizer() {
    echo "bench: normalizer throughput (in process)..." >&2
    # Many rounds over the three texts in turn, best kept: with other jobs on the two cores a
    # single run can take twice as long, and a busy moment should not fall on one text only.
    "$BUILD/bench_normalize" -n 5 -t 6 "$WORK/x10.txt" "$WORK/line1.txt" "$WORK/line10.txt" \
        >"$WORK/norm.out" || die "bench_normalize failed"
    news=$(awk 'NR == 1 { print $4 }' "$WORK/norm.out")
    line1=$(awk 'NR == 2 { print $4 }' "$WORK/norm.out")
    line10=$(awk 'NR == 3 { print $4 }' "$WORK/norm.out")
    mb=$(awk 'NR == 1 { printf "%.1f", $2 / 1e6 }' "$WORK/norm.out")
    q=$(calc "sprintf(\"%.2f\", n / 20)" -v n="$news")
    row "normalize ${mb} MB news, MB/s" "$news" "20 (target)" "$q" ">= 1.00" \
        "$(calc "n >= 20" -v n="$news")"
    q=$(calc "sprintf(\"%.2f\", a / b)" -v a="$line1" -v b="$news")
    row "normalize 1 MB single line, MB/s" "$line1" "$news (news)" "$q" ">= 0.80" \
        "$(calc "a / b >= 0.8" -v a="$line1" -v b="$news")"
    q=$(calc "sprintf(\"%.2f\", a / b)" -v a="$line10" -v b="$line1")
    row "normalize 10 MB single line, MB/s" "$line10" "$line1 (1 MB line)" "$q" ">= 0.80" \
        "$(calc "a / b >= 0.8" -v a="$line10" -v b="$line1")"
}

# --- 1b. Reading accuracy on real news (tests/corpus/) ---------------------------------------

# One row per category of the real-news corpus, then all of it: the share of sentences read
# exactly as written down, against the 98 % target of issue 10.
bench_reading() {
    echo "bench: reading accuracy on tests/corpus/baomoi_news.tsv..." >&2
    python3 "$ROOT/tests/corpus/score.py" "$ROOT/tests/corpus/baomoi_news.tsv" "$VNR" \
        >"$WORK/reading.out" || die "tests/corpus/score.py failed"
    while IFS="$(printf '\t')" read -r cat hits total pct; do
        row "reading $cat, % exact ($hits/$total)" "$pct" "98 (target)" \
            "$(calc "sprintf(\"%.2f\", p / 98)" -v p="$pct")" ">= 1.00" "$(calc "p >= 98" -v p="$pct")"
    done <"$WORK/reading.out"
    # The held-out sets (other sources and periods, never tuned on line by line): overall only.
    local set
    for set in dantri binhvq tintuc; do
        python3 "$ROOT/tests/corpus/score.py" "$ROOT/tests/corpus/heldout_$set.tsv" "$VNR" \
            >"$WORK/heldout.out" || die "tests/corpus/score.py failed on heldout_$set.tsv"
        while IFS="$(printf '\t')" read -r cat hits total pct; do
            [ "$cat" = all ] || continue
            row "reading held-out ($set), % exact ($hits/$total)" "$pct" "98 (target)" \
                "$(calc "sprintf(\"%.2f\", p / 98)" -v p="$pct")" ">= 1.00" \
                "$(calc "p >= 98" -v p="$pct")"
        done <"$WORK/heldout.out"
    done
}

# --- 2. Whole file against espeak-ng -w -----------------------------------------------------

bench_file_time() {
    echo "bench: vnreader -o x.wav against espeak-ng -w (hyperfine)..." >&2
    hyperfine -N --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/file.json" \
        -n vnreader "$VNR -q -o $WORK/x.wav $WORK/x1.txt" \
        -n espeak-ng "espeak-ng -v $ESPEAK_VOICE -s $RATE -p $PITCH -w $WORK/y.wav -f $WORK/n1.txt" \
        >"$WORK/hyperfine.log" 2>&1 || { cat "$WORK/hyperfine.log" >&2; die "hyperfine failed"; }
    # Wall time, best of N; and CPU time (user + system, mean), which other engineers' jobs on
    # the same cores disturb much less than wall time.
    set -- $(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(" ".join("%.3f %.3f" % (x["min"], x["user"] + x["system"]) for x in r))' "$WORK/file.json") ||
        die "cannot read hyperfine's results"
    [ $# -eq 4 ] || die "hyperfine: unexpected results"
    q=$(calc "sprintf(\"%.3f\", a / b)" -v a="$1" -v b="$3")
    row "vnreader -o x.wav, 1x, wall s (best of $RUNS)" "$1" "$3 (espeak-ng -w)" "$q" "<= 1.10" \
        "$(calc "a / b <= 1.10" -v a="$1" -v b="$3")"
    q=$(calc "sprintf(\"%.3f\", a / b)" -v a="$2" -v b="$4")
    row "vnreader -o x.wav, 1x, CPU s (mean of $RUNS)" "$2" "$4 (espeak-ng -w)" "$q" "<= 1.10" \
        "$(calc "a / b <= 1.10" -v a="$2" -v b="$4")"
    rm -f "$WORK/x.wav" "$WORK/y.wav"
}

# --- 2b. The pronunciation layer (issue 11): its cost in a whole file -------------------------

bench_pronounce() {
    echo "bench: pronunciation layer: -o x.wav with and without it, southern voice..." >&2
    sed 's/^pronunciation[[:space:]]*=.*/pronunciation = none/' "$VOICES/north.voice" \
        >"$WORK/plain.voice"
    south_voice=$(sed -n 's/^[[:space:]]*espeak_voice[[:space:]]*=[[:space:]]*//p' \
        "$VOICES/south.voice" | tail -n 1)
    "$VNR" --voice south --normalize "$WORK/x1.txt" >"$WORK/n1s.txt" || die "normalize failed"
    hyperfine -N --style none --warmup 1 --runs "$RUNS" --export-json "$WORK/pron.json" \
        -n layer "$VNR -q -o $WORK/x.wav $WORK/x1.txt" \
        -n plain "$VNR -q --voice $WORK/plain.voice -o $WORK/x.wav $WORK/x1.txt" \
        -n south "$VNR -q --voice south -o $WORK/x.wav $WORK/x1.txt" \
        -n espeak-south "espeak-ng -v $south_voice -s $RATE -p $PITCH -w $WORK/y.wav -f $WORK/n1s.txt" \
        >"$WORK/hyperfine-pron.log" 2>&1 || { cat "$WORK/hyperfine-pron.log" >&2; die "hyperfine failed"; }
    set -- $(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(" ".join("%.3f" % (x["user"] + x["system"]) for x in r))' "$WORK/pron.json") ||
        die "cannot read hyperfine's results"
    [ $# -eq 4 ] || die "hyperfine: unexpected results"
    q=$(calc "sprintf(\"%.3f\", a / b)" -v a="$1" -v b="$2")
    # CPU time (user + system, mean): the other jobs on the same cores move wall time by 50%.
    row "north -o x.wav with the pronunciation layer, CPU s" "$1" "$2 (pronunciation = none)" \
        "$q" "<= 1.10" "$(calc "a / b <= 1.10" -v a="$1" -v b="$2")"
    q=$(calc "sprintf(\"%.3f\", a / b)" -v a="$3" -v b="$4")
    row "south -o x.wav (most syllables rewritten), CPU s" "$3" "$4 (espeak-ng -w)" \
        "$q" "<= 1.10" "$(calc "a / b <= 1.10" -v a="$3" -v b="$4")"
    rm -f "$WORK/x.wav" "$WORK/y.wav"
}

# --- 3. First audio byte on stdout ----------------------------------------------------------

bench_first_byte() {
    echo "bench: time to first audio byte..." >&2
    set -- $("$BUILD/first_byte" -n 15 -w 3 \
        "$VNR" -q -o - --format raw "$WORK/x1.txt" :: \
        espeak-ng -v "$ESPEAK_VOICE" -s "$RATE" -p "$PITCH" --stdout -f "$WORK/n1.txt") ||
        die "first_byte failed"
    [ $# -eq 4 ] || die "first_byte: unexpected output"
    q=$(calc "sprintf(\"%.2f\", a / b)" -v a="$1" -v b="$3")
    d=$(calc "sprintf(\"%+.1f ms\", a - b)" -v a="$1" -v b="$3")
    row "first audio byte, stdout raw, ms (median of 15)" "$1" "$3 (espeak-ng --stdout)" \
        "$q ($d)" "<= +10 ms" "$(calc "a - b <= 10" -v a="$1" -v b="$3")"
}

# --- 4. Peak RSS ----------------------------------------------------------------------------

# peak_rss LIMIT_SECONDS CMD...: peak RSS in MB of CMD (stdout discarded), stopped with SIGINT
# after LIMIT_SECONDS (0: never). Sets RSS and STOPPED (1 if the limit stopped it).
peak_rss() {
    limit=$1
    shift
    /usr/bin/time -f '%M' -o "$WORK/rss" timeout -s INT "$limit" "$@" >/dev/null 2>"$WORK/err"
    status=$?
    STOPPED=0
    [ "$status" = 124 ] && STOPPED=1
    if [ "$status" != 0 ] && [ "$STOPPED" = 0 ]; then
        cat "$WORK/err" >&2
        die "$1 failed (exit $status)"
    fi
    RSS=$(tail -n 1 "$WORK/rss" | awk '{ printf "%.1f", $1 / 1024 }')
}

rss_row() { # rss_row NAME VALUE REFERENCE_TEXT REFERENCE_VALUE
    q=$(calc "sprintf(\"%.2f\", a / b)" -v a="$2" -v b="$4")
    row "$1" "$2" "$3" "$q" "< 30 MB" "$(calc "a < 30" -v a="$2")"
}

bench_rss() {
    echo "bench: peak RSS..." >&2
    peak_rss 0 espeak-ng -v "$ESPEAK_VOICE" -s "$RATE" -p "$PITCH" -w "$WORK/y.wav" -f "$WORK/n1.txt"
    espeak=$RSS
    rm -f "$WORK/y.wav"
    peak_rss 0 "$VNR" -q -o "$WORK/x.wav" "$WORK/x1.txt"
    one=$RSS
    rss_row "peak RSS -o x.wav, 1x, MB" "$one" "$espeak (espeak-ng -w)" "$espeak"
    for n in 10 100; do
        peak_rss "$RSS_SECONDS" "$VNR" -q -o "$WORK/x.wav" "$WORK/x$n.txt"
        note=""
        [ "$STOPPED" = 1 ] && note=" (first ${RSS_SECONDS} s)"
        rss_row "peak RSS -o x.wav, ${n}x${note}, MB" "$RSS" "$one (1x)" "$one"
        rm -f "$WORK/x.wav"
    done
    peak_rss 0 "$VNR" --normalize "$WORK/x1.txt"
    one=$RSS
    peak_rss 0 "$VNR" --normalize "$WORK/x100.txt"
    rss_row "peak RSS --normalize, 100x, MB" "$RSS" "$one (1x)" "$one"
}

# --- 5. Live playback latencies (null device) -----------------------------------------------

bench_playback() {
    echo "bench: live playback latencies (null device, in process)..." >&2
    runs=${BENCH_PLAY_RUNS:-15}
    "$BUILD/bench_playback" -n "$runs" "$WORK/x1.txt" "$WORK/x100.txt" "$WORK/line10.txt" \
        >"$WORK/play.out" || die "bench_playback failed"
    # "first|pause|stop MEDIAN MAX" lines: first for x1, x100, line10, then pause, then stop.
    set -- 1x "100x (10 MB)" "10 MB single line"
    n=0
    while read -r what median worst; do
        case $what in
        first)
            n=$((n + 1))
            eval "name=\${$n}"
            label="first audio in ring, $name, ms (median of $runs)" target="<= 20" limit=20 ;;
        pause) label="pause to silence, ms (median of $runs)" target="<= 30" limit=30 ;;
        stop) label="stop to silence, ms (median of $runs)" target="<= 30" limit=30 ;;
        *) die "bench_playback: unexpected output" ;;
        esac
        row "$label" "$median" "worst $worst" "-" "$target" \
            "$(calc "m <= l && w <= l" -v m="$median" -v w="$worst" -v l="$limit")"
    done <"$WORK/play.out"
}

# --- 5. Peak RSS of a produced file (appended with issue 6) -----------------------------------
# --preset broadcast resamples to 48 kHz, spools the program to a temporary float file, then
# normalizes and limits it: memory must stay bounded, near a plain -o x.wav of the same text.

bench_produce_rss() {
    echo "bench: peak RSS of --preset broadcast..." >&2
    peak_rss 0 "$VNR" -q -o "$WORK/x.wav" "$WORK/x1.txt"
    plain=$RSS
    peak_rss 0 "$VNR" -q --preset broadcast -o "$WORK/b.wav" "$WORK/x1.txt"
    rss_row "peak RSS --preset broadcast, 1x, MB" "$RSS" "$plain (-o x.wav)" "$plain"
    rm -f "$WORK/x.wav" "$WORK/b.wav"
}

# --- 6. Produced files: loudness at the speed of synthesis (issue 14) ------------------------------
# The samples together (as in the issue), each preset beside the same output without loudness,
# in N interleaved rounds, best wall time of each: on one core (taskset -c 0, so the worker thread
# cannot hide its work beside the synthesis) and on every core. The loudness the files end at,
# as ffmpeg's ebur128 filter measures them, must be the target within 0.1 LU.

bench_presets() {
    echo "bench: presets against the same output without loudness (interleaved rounds)..." >&2
    cat "$ROOT"/samples/*.txt >"$WORK/p.txt" 2>/dev/null || cp "$WORK/base.txt" "$WORK/p.txt"
    for cores in 1 all; do
        pin=""
        [ "$cores" = 1 ] && command -v taskset >/dev/null && pin="taskset -c 0 "
        # Interleaved rounds (each round runs the five once, in turn), best of each: on a shared
        # machine a slow minute then slows every command alike, where hyperfine's runs of one
        # command after another would charge it to whichever ran then.
        set -- $(python3 - "$RUNS" "$pin" "$VNR" "$WORK" <<'EOF'
import shlex, subprocess, sys, time
runs, pin, vnr, work = int(sys.argv[1]), shlex.split(sys.argv[2]), sys.argv[3], sys.argv[4]
outputs = [["-o", "p.wav"], ["--sample-rate", "48000", "--bits", "24", "-o", "s.wav"],
           ["--preset", "broadcast", "-o", "b.wav"], ["--sample-rate", "44100", "-o", "p.mp3"],
           ["--preset", "web", "-o", "w.mp3"]]
best = [float("inf")] * len(outputs)
for r in range(runs + 1):  # round 0 warms the caches and is not counted
    for i, o in enumerate(outputs):
        argv = pin + [vnr, "-q"] + o[:-1] + [work + "/" + o[-1], work + "/p.txt"]
        t = time.perf_counter()
        if subprocess.run(argv).returncode != 0:
            sys.exit(" ".join(argv) + ": failed")
        if r:
            best[i] = min(best[i], time.perf_counter() - t)
print(" ".join("%.3f" % b for b in best))
EOF
)
        [ $# -eq 5 ] || die "presets: a command failed"
        label="$cores core"
        [ "$cores" = all ] && label="$(nproc) cores"
        preset_row broadcast "$3" "$2" "48 kHz 24-bit, no loudness" "$label"
        # Against plain 22 050 Hz 16-bit WAV the conversion to 48 kHz 24-bit is counted too
        # (about 1.5x on one core before any loudness work): shown, with no target.
        q=$(calc "sprintf(\"%.2f\", a / b)" -v a="$3" -v b="$1")
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "--preset broadcast, $label, wall s (best of $RUNS)" \
            "$3" "$1 (-o x.wav)" "$q" "(shown)" "-" >>"$ROWS"
        preset_row web "$5" "$4" "44.1 kHz mp3, no loudness" "$label"
    done
    for pair in "b.wav:-23" "w.mp3:-16"; do
        f=${pair%%:*} want=${pair#*:}
        set -- $(ffmpeg -nostats -hide_banner -i "$WORK/$f" -af ebur128=peak=true -f null - 2>&1 |
            awk '/Integrated loudness/{f=1} f&&/I:/{i=$2} /True peak/{p=1} p&&/Peak:/{tp=$2} END{print i, tp}')
        row "loudness of $f (ffmpeg ebur128), LUFS / dBTP" "$1 / $2" "$want / -1" \
            "$(calc "sprintf(\"%+.1f LU\", a - b)" -v a="$1" -v b="$want")" "+-0.1, <= -1" \
            "$(calc "a - b <= 0.1 && b - a <= 0.1 && t <= -1" -v a="$1" -v b="$want" -v t="$2")"
    done
    rm -f "$WORK"/p.wav "$WORK"/s.wav "$WORK"/b.wav "$WORK"/p.mp3 "$WORK"/w.mp3
}

# --- 7. The loudness meter and the true-peak check, in process (issue 14) ---------------------
# What --preset broadcast's worker thread does to every sample beside the synthesis (and the final
# pass again to the limited output): per sample against the cheapest pass over the same samples.

bench_meter() {
    echo "bench: loudness meter and true-peak check (in process)..." >&2
    cat "$ROOT"/samples/*.txt >"$WORK/m.txt" 2>/dev/null || cp "$WORK/base.txt" "$WORK/m.txt"
    "$VNR" -q --sample-rate 48000 -o "$WORK/m48.wav" "$WORK/m.txt" || die "vnreader -o m48.wav failed"
    "$BUILD/bench_meter" -n 7 "$WORK/m48.wav" >"$WORK/meter.out" || die "bench_meter failed"
    rm -f "$WORK/m48.wav"
    meter_ns() { awk -v k="$1" '$1 == k { print $2 }' "$WORK/meter.out"; }
    meter=$(meter_ns meter) tp=$(meter_ns true_peak) quiet=$(meter_ns silence) ref=$(meter_ns reference)
    [ -n "$meter" ] && [ -n "$tp" ] && [ -n "$quiet" ] && [ -n "$ref" ] ||
        die "bench_meter: unexpected output"
    for pair in "meter:K-weighted block energies:3" "tp:true-peak check, unit gain:1"; do
        key=${pair%%:*} rest=${pair#*:}
        what=${rest%:*} limit=${rest##*:}
        eval "ns=\$$key"
        row "$what, 48 kHz speech, ns/sample" "$ns" "$ref (copy + sum of squares)" \
            "$(calc "sprintf(\"%.2f\", a / b)" -v a="$ns" -v b="$ref")" "<= $limit.00" \
            "$(calc "a / b <= l" -v a="$ns" -v b="$ref" -v l="$limit")"
    done
    row "K-weighted block energies, digital silence, ns/sample" "$quiet" "$meter (speech)" \
        "$(calc "sprintf(\"%.2f\", a / b)" -v a="$quiet" -v b="$meter")" "<= 1.20" \
        "$(calc "a / b <= 1.2" -v a="$quiet" -v b="$meter")"
}

# preset_row NAME VALUE REFERENCE WHAT CORES
preset_row() {
    q=$(calc "sprintf(\"%.2f\", a / b)" -v a="$2" -v b="$3")
    row "--preset $1, $5, wall s (best of $RUNS)" "$2" "$3 ($4)" "$q" "<= 1.30" \
        "$(calc "a / b <= 1.30" -v a="$2" -v b="$3")"
}

# --- Main -----------------------------------------------------------------------------------

RATE=$(voice_key rate)
PITCH=$(voice_key pitch)
ESPEAK_VOICE=$(voice_key espeak_voice)
[ -n "$RATE" ] && [ -n "$PITCH" ] && [ -n "$ESPEAK_VOICE" ] ||
    die "$VOICES/north.voice: no rate, pitch or espeak_voice"
make_inputs
printf 'benchmark\tvalue\treference\tratio\ttarget\tresult\n' >"$ROWS"
# BENCH_ONLY="presets rss" runs only those sections (the names after bench_).
for section in normalizer reading file_time pronounce first_byte rss playback produce_rss presets \
    meter; do
    case " ${BENCH_ONLY:-$section} " in
    *" $section "*) "bench_$section" ;;
    esac
done

echo
echo "vnreader benchmark: $(nproc) cores, load $(cut -d ' ' -f 1-3 /proc/loadavg)," \
    "$(espeak-ng --version | cut -d ' ' -f 1-4 | sed 's/:$//'), voice north" \
    "(espeak-ng -v $ESPEAK_VOICE -s $RATE -p $PITCH)"
echo "input: $(echo $SOURCE | sed "s|$ROOT/||g") repeated; 1x = $(wc -c <"$WORK/x1.txt") bytes"
echo
print_table
exit 0
