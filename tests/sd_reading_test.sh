#!/bin/sh
# sd_reading_test.sh SD_MODULE - Orca's reading settings reach the normalizer: the same text
# spoken with punctuation_mode=all or spelling_mode=on makes more audio than with none/off.
set -u
sd=$1
bytes() { # bytes of 705 AUDIO events for one SET block
    printf 'INIT\nAUDIO\naudio_output_method=server\n.\nSET\n%s\n.\nSPEAK\nXin chào, bạn khỏe không?\n.\n' "$1" |
        { cat; sleep 2; printf 'QUIT\n'; } | timeout 20 "$sd" 2>/dev/null | grep -a '^705' | wc -c
}
none=$(bytes punctuation_mode=none)
all=$(bytes punctuation_mode=all)
spell=$(bytes spelling_mode=on)
fail=0
[ "$none" -gt 1000 ] || { echo "sd_reading_test: FAIL: no audio ($none bytes)"; fail=1; }
[ "$all" -gt $((none * 11 / 10)) ] || { echo "sd_reading_test: FAIL: punctuation_mode=all ($all) not longer than none ($none)"; fail=1; }
[ "$spell" -gt $((none * 2)) ] || { echo "sd_reading_test: FAIL: spelling_mode=on ($spell) not much longer than off ($none)"; fail=1; }
[ $fail -eq 0 ] && echo "sd_reading_test: punctuation and spelling settings applied ($none < $all, $spell bytes)"
exit $fail
