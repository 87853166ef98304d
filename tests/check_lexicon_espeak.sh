#!/bin/sh
# check_lexicon_espeak.sh [DIR] - every reading in the lexicon files DIR/*.tsv (default voices/vi)
# must be read by eSpeak NG's Vietnamese voice without a switch to English: the phoneme output
# of `espeak-ng -v vi -x -q READING` must not contain "(en)".
#
# Prints "file:line: KEY -> READING switches to English" for each offender and exits 1 if there
# is any; exits 2 if the folder holds no .tsv file, a line has no tab, or espeak-ng is missing.
set -u
dir=${1:-voices/vi}
command -v espeak-ng >/dev/null 2>&1 || { echo "check_lexicon_espeak: espeak-ng not found" >&2; exit 2; }
[ -d "$dir" ] || { echo "check_lexicon_espeak: $dir: not a folder" >&2; exit 2; }

tab=$(printf '\t')
bad=0
broken=0
files=0
entries=0
for f in "$dir"/*.tsv; do
    [ -f "$f" ] || continue
    case $f in */context.tsv) continue ;; esac # words as written in the text, no readings
    files=$((files + 1))
    n=0
    while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1))
        case $line in
        '#'* | '') continue ;;
        esac
        case $line in
        *"$tab"*) ;;
        *)
            # a line of blanks is allowed; anything else without a tab is malformed
            if [ -n "$(printf '%s' "$line" | tr -d ' \r')" ]; then
                echo "$f:$n: no tab between key and reading"
                broken=$((broken + 1))
            fi
            continue
            ;;
        esac
        key=${line%%"$tab"*}
        reading=${line#*"$tab"}
        entries=$((entries + 1))
        out=$(printf '%s\n' "$reading" | espeak-ng -v vi -x -q 2>&1)
        case $out in
        *'(en)'*)
            echo "$f:$n: $key -> $reading switches to English"
            bad=$((bad + 1))
            ;;
        esac
    done <"$f"
done
[ "$files" -gt 0 ] || { echo "check_lexicon_espeak: no .tsv file in $dir" >&2; exit 2; }
[ "$broken" -eq 0 ] || exit 2
if [ "$bad" -gt 0 ]; then
    echo "check_lexicon_espeak: $bad of $entries readings switch to English"
    exit 1
fi
echo "check_lexicon_espeak: $entries readings in $files files stay Vietnamese"
