#!/bin/sh
# interactive_test.sh - `vnreader -i` driven by keys in a detached tmux session, on the null
# device four times faster than real time (no sound card needed). The printed sentences are the
# proof: their order shows that each key moved where it should (sentence, paragraph, repeat,
# percent, bookmark), that spelling printed letter names, that a pause printed nothing new until
# resumed, that the position is resumed on a second run and ignored with --from-start, and
# `stty -a` inside the pane shows the terminal restored (icanon, echo) after q and after Ctrl-C.
# Every message ("vnreader: tạm dừng") must also be heard: with -v the program prints, after each
# spoken message, how many samples the device played meanwhile, and that number must be above 0
# (none with --quiet-feedback). The state folder is private and refuses links and FIFOs.
# --earcons (and the key e): "(voice at sample N)" shows the tick before each paragraph's voice,
# "(end sound: N samples played)" the end sound before "hết bài".
# Every wait polls the pane until a pattern appears (up to TIMEOUT seconds): the machine is busy.
#   sh tests/interactive_test.sh build/vnreader
VNR=$(cd "$(dirname "${1:-build/vnreader}")" && pwd)/$(basename "${1:-build/vnreader}")
TIMEOUT=${TIMEOUT:-60}
command -v tmux >/dev/null || { echo "interactive_test: tmux is missing (apt-get install tmux)"; exit 1; }
[ -x "$VNR" ] || { echo "interactive_test: no $VNR"; exit 1; }
T=$(mktemp -d /tmp/vnr-interactive.XXXXXX)
SOCK="$T/tmux.sock"
trap 'tmux -S "$SOCK" kill-server 2>/dev/null; rm -rf "$T"' EXIT
failures=0
checks=0
fail() {
  echo "interactive_test: FAIL: $*"
  failures=$((failures + 1))
}
check() {
  msg=$1
  shift
  checks=$((checks + 1))
  "$@" || fail "$msg"
}

# Three paragraphs; each sentence starts with its tag "Đoạn P câu S:" and lasts a few seconds.
cat >"$T/sample.txt" <<'TEXT'
Đoạn 1 câu 1: sáng nay trời Hà Nội trong xanh, người dân đi làm sớm trên những con phố quen thuộc của thủ đô, các quán phở đông khách và tiếng xe máy vang lên khắp nơi từ rất sớm.
Đoạn 1 câu 2: các cửa hàng mở cửa đón khách, tiếng rao hàng vang lên khắp các ngõ nhỏ quanh hồ Hoàn Kiếm, những gánh hàng rong đi qua từng con phố cổ với đủ loại hoa quả tươi ngon.
Đoạn 1 câu 3: trẻ em đến trường, ông bà đi tập thể dục bên hồ, mọi người chào nhau vui vẻ và cùng nhau bắt đầu một ngày mới đầy năng lượng dưới ánh nắng dịu nhẹ của mùa thu.

Đoạn 2 câu 1: buổi chiều trời đổ mưa lớn, nhiều tuyến đường bị ngập nước và xe cộ đi lại khó khăn, người đi đường phải tìm chỗ trú mưa dưới mái hiên của các cửa hàng ven đường.
Đoạn 2 câu 2: lực lượng chức năng đã có mặt để hướng dẫn giao thông và giúp đỡ người dân về nhà an toàn, nhiều thanh niên tình nguyện cũng ra đường đẩy xe giúp những người bị chết máy.

Đoạn 3 câu 1: buổi tối thành phố lên đèn, các gia đình quây quần bên mâm cơm và kể cho nhau nghe chuyện trong ngày, trẻ nhỏ ngồi học bài còn người lớn xem bản tin thời sự trên truyền hình.
Đoạn 3 câu 2: đêm xuống, thành phố dần chìm vào giấc ngủ yên bình sau một ngày dài bận rộn, chỉ còn vài quán nước nhỏ ven hồ vẫn sáng đèn đón những vị khách cuối cùng trong đêm.
TEXT
# The sentence number (1-based) of each tag, as the position file counts them.
number_of() {
  case $1 in 1.1) echo 1 ;; 1.2) echo 2 ;; 1.3) echo 3 ;; 2.1) echo 4 ;; 2.2) echo 5 ;; 3.1) echo 6 ;; 3.2) echo 7 ;; esac
}

t() { tmux -S "$SOCK" "$@"; }
pane() { t capture-pane -p -J -S -10000 -t vnr 2>/dev/null; }
# The tags of the sentences printed so far, one per line ("1.2").
tags() { pane | sed -n 's/^[$ ]*Đoạn \([0-9]\) câu \([0-9]\):.*/\1.\2/p'; }
count() { tags | wc -l; }
last_tag() { tags | tail -n 1; }
# wait_until COMMAND...: poll every 0.1 s until the command succeeds, at most TIMEOUT seconds.
wait_until() {
  i=0
  while ! "$@"; do
    i=$((i + 1))
    [ $i -ge $((TIMEOUT * 10)) ] && return 1
    sleep 0.1
  done
}
has() { pane | grep -q "$1"; }
# said MESSAGE: the message was printed, then heard: "(N samples played)" on the next line, N > 0.
heard() { pane | grep -F -A1 "vnreader: $1" | sed -n 's/^vnreader: (\([0-9]*\) samples played)$/\1/p' | tail -n 1; }
said() {
  check "no message '$1': $(pane | tail -n 4 | tr '\n' ' ')" wait_until has "vnreader: $1"
  wait_until sh -c "[ -n \"\$(tmux -S '$SOCK' capture-pane -p -J -S -10000 -t vnr | grep -F -A1 'vnreader: $1' | grep 'samples played')\" ]"
  played=$(heard "$1")
  check "message '$1' printed but not heard (samples played: '$played')" [ "${played:-0}" -gt 0 ]
}
has_n() { [ "$(pane | grep -c "$1")" -ge "$2" ]; }
count_at_least() { [ "$(count)" -ge "$1" ]; }
not_running() { ! pgrep -f -- "-i $T/sample.txt" >/dev/null; }

# A session that lives as long as the test: killing the program's session then never ends the
# server, which a new session could race with ("server exited unexpectedly" on a busy machine).
t -f /dev/null new-session -d -s keep "sleep 100000"
# start ARGS: a fresh session, the program in a shell that then prints the terminal's mode.
start() {
  t kill-session -t vnr 2>/dev/null
  t -f /dev/null new-session -d -s vnr -x 250 -y 50 "env XDG_STATE_HOME='$T/state' PS1='$ ' sh"
  t send-keys -t vnr "cd '$T' && '$VNR' -i '$T/${INPUT:-sample.txt}' --device null --speed-factor 4 -v $*; echo RC=\$?; stty -a | tr ' ;' '\n\n' | grep -cx -e icanon -e echo | sed 's/^/MODES=/'" Enter
}
# key NAME EXPECTED: press a key, wait for one more sentence, check its tag.
key() {
  n=$(count)
  t send-keys -t vnr "$1"
  wait_until count_at_least $((n + 1))
  check "key $1: expected sentence $2 next, the sentences printed were: $(tags | tr '\n' ' ')" \
    [ "$(tags | sed -n "$((n + 1))p")" = "$2" ]
}

# --- First run: every key. -------------------------------------------------------------------
start
check "first run: no sentence printed: $(pane)" wait_until count_at_least 1
check "first run starts at sentence 1.1: $(tags | tr '\n' ' ')" [ "$(tags | head -n 1)" = 1.1 ]
key Right 1.2
key Left 1.1
key Down 2.1
key Up 1.1
key r 1.1
n=$(count)
t send-keys -t vnr s
check "s: no spelling printed: $(pane | tail -n 5)" wait_until has '^đánh vần [^ ]*: ..'
word=$(pane | sed -n 's/^đánh vần \([^ ]*\): .*/\1/p' | tail -n 1)
check "s: spelled '$word', not a word of sentence 1.1" \
  sh -c "grep '^Đoạn 1 câu 1:' '$T/sample.txt' | grep -qF -- '$word'"
# The letter names are what --spell reads for the same word ("Hà" -> "hát a huyền").
letters=$(pane | sed -n 's/^đánh vần [^ ]*: //p' | tail -n 1)
expected=$("$VNR" --spell --normalize -t "$word")
check "s: spelled '$word' as '$letters', --spell reads '$expected'" [ -n "$letters" -a "$letters" = "$expected" ]
check "s: the spelling was not heard: $(pane | grep -A1 '^đánh vần' | tail -n 1)" \
  wait_until sh -c "tmux -S '$SOCK' capture-pane -p -J -S -10000 -t vnr | grep -A1 '^đánh vần' | grep -q 'vnreader: ([1-9][0-9]* samples played)'"
wait_until count_at_least $((n + 1))
after_spell=$(tags | sed -n "$((n + 1))p")
check "s: then sentence 1.1 again (cut) or 1.2 (finished), got '$after_spell'" \
  [ "$after_spell" = 1.1 -o "$after_spell" = 1.2 ]
# Pause: nothing new for 3 s; resume: the reading goes on.
t send-keys -t vnr Space
said 'tạm dừng'
n=$(count)
sleep 3
check "paused, yet new sentences were printed: $(tags | tr '\n' ' ')" [ "$(count)" -eq "$n" ]
# w while paused: where we are, and still paused.
t send-keys -t vnr w
said 'câu '
where=$(pane | sed -n 's/^vnreader: câu \([0-9]*\) trên \([0-9]*\), đoạn \([0-9]*\) trên \([0-9]*\), \([0-9]*\)%, còn khoảng [0-9]* \(giây\|phút\)$/\1 \2 \3 \4 \5/p' | tail -n 1)
expected_where="$(number_of "$(last_tag)") 7 $(last_tag | cut -c1) 3 $(( ($(number_of "$(last_tag)") - 1) * 100 / 7 ))"
check "w: '$(pane | grep 'vnreader: câu' | tail -n 1)', expected sentence, paragraph, percent '$expected_where'" [ "$where" = "$expected_where" ]
check "w while paused resumed the reading: $(tags | tr '\n' ' ')" [ "$(count)" -eq "$n" ]
t send-keys -t vnr Space
said 'tiếp tục'
check "resumed, but no new sentence came: $(tags | tr '\n' ' ')" wait_until count_at_least $((n + 1))
t send-keys -t vnr q
check "q: the program did not end: $(pane | tail -n 5)" wait_until has '^MODES='
check "q: exit status $(pane | sed -n 's/^RC=//p')" has '^RC=0$'
check "q: the terminal is not restored (icanon, echo): $(pane | grep MODES)" has '^MODES=2$'
quit_tag=$(last_tag)
quit_number=$(number_of "$quit_tag")
check "position file missing under XDG_STATE_HOME" sh -c "ls '$T/state/vnreader/'*.pos >/dev/null"
posfile=$(ls "$T/state/vnreader/"*.pos 2>/dev/null | head -n 1)
check "position file '$posfile' is not private (0600): $(stat -c %a "$posfile" 2>&1)" [ "$(stat -c %a "$posfile" 2>/dev/null)" = 600 ]
check "state folder is not private (0700): $(stat -c %a "$T/state/vnreader")" [ "$(stat -c %a "$T/state/vnreader")" = 700 ]

# --- Second run: resumes where q left it. ------------------------------------------------------
start
check "second run: no sentence printed" wait_until count_at_least 1
[ "$quit_number" = 1 ] || said "tiếp tục từ câu $quit_number"
check "second run starts at $quit_tag, not $(tags | head -n 1)" [ "$(tags | head -n 1)" = "$quit_tag" ]
# + and -: 20 words per minute up, then down again (from the next sentence).
rate=$(grep '^rate' "$(dirname "$VNR")/../voices/north.voice" 2>/dev/null | tr -dc '0-9')
t send-keys -t vnr +
said 'tốc độ'
t send-keys -t vnr -- -
check "-: no second rate message" wait_until has_n 'vnreader: tốc độ [0-9]*$' 2
said "tốc độ $rate"
rates=$(pane | sed -n 's/^vnreader: tốc độ \([0-9]*\)$/\1/p' | tr '\n' ' ')
check "+ then -: rates '$rates', expected 20 up then back" \
  sh -c "set -- $rates; [ \$((\$1 - 20)) -eq \$2 ]"
key End 3.2
key Home 1.1
said 'đầu bài'
# Digits: 0%..90% of the seven sentences (5: sentence 3 of 7 * 5 / 10 = index 3, tag 2.1).
key 5 2.1
said '50%, câu 4'
key 0 1.1
# t: the first line; [ and ]: a text file has no headings; h: the key list.
t send-keys -t vnr t
said 'Đoạn 1 câu 1: sáng nay'
t send-keys -t vnr ]
said 'bài không có mục'
t send-keys -t vnr h
said 'phím cách: tạm dừng'
t send-keys -t vnr [
said 'bài không có mục'
# Bookmarks: b at sentence 2.1, B lists them, 1 jumps back there.
key Down 2.1
said 'đoạn 2'
key Up 1.1
said 'đoạn 1'
key Down 2.1
t send-keys -t vnr b
said 'dấu trang 1, câu 4'
key Home 1.1
t send-keys -t vnr B
said '1 dấu trang: 1: câu 4'
key 1 2.1
check "b: the bookmark is not in the state file: $(cat "$posfile")" grep -qx 'bookmark=4' "$posfile"
t send-keys -t vnr q
wait_until has '^MODES='

# --- --from-start: sentence 1 whatever was saved; Ctrl-C restores the terminal. ----------------
start --from-start
check "--from-start: no sentence printed" wait_until count_at_least 1
check "--from-start starts at 1.1, not $(tags | head -n 1)" [ "$(tags | head -n 1)" = 1.1 ]
check "--from-start: said it resumes: $(pane | head -n 3)" sh -c "! tmux -S '$SOCK' capture-pane -p -t vnr | grep -q 'tiếp tục từ'"
t send-keys -t vnr C-c
check "Ctrl-C: the program did not end: $(pane | tail -n 5)" wait_until has '^MODES='
check "Ctrl-C: exit status $(pane | sed -n 's/^RC=//p'), expected 130" has '^RC=130$'
check "Ctrl-C: the terminal is not restored (icanon, echo): $(pane | grep MODES)" has '^MODES=2$'

# --- SIGTERM and a crash (SIGSEGV): the terminal is restored too, then the signal's own end. ---
for sig in TERM:143 SEGV:139; do
  start --from-start
  check "SIG${sig%:*}: no sentence printed" wait_until count_at_least 1
  pid=$(pgrep -f -- "-i $T/sample.txt" | head -n 1)
  [ -n "$pid" ] && kill -s "${sig%:*}" "$pid"
  check "SIG${sig%:*}: the program did not end: $(pane | tail -n 5)" wait_until has '^MODES='
  check "SIG${sig%:*}: exit status $(pane | sed -n 's/^RC=//p'), expected ${sig#*:}" has "^RC=${sig#*:}\$"
  check "SIG${sig%:*}: the terminal is not restored (icanon, echo): $(pane | grep MODES)" has '^MODES=2$'
done

# --- Ctrl-Z: a normal terminal for the shell while stopped, keys again after fg. -------------
start --from-start
check "Ctrl-Z: no sentence printed" wait_until count_at_least 1
t send-keys -t vnr C-z
# the shell goes on with the rest of the command line: the mode while vnreader is stopped
check "Ctrl-Z: the terminal is not restored (icanon, echo): $(pane | tail -n 5)" wait_until has '^MODES=2$'
n=$(count)
t send-keys -t vnr fg Enter
wait_until has_n 'vnreader.\{0,1\} -i' 3 # typed, "Stopped", then fg's echo of the job
t send-keys -t vnr Down # 2.1, not the 1.2 that reading on would print
wait_until count_at_least $((n + 1))
check "Ctrl-Z, fg, Down: expected 2.1 next: $(tags | tr '\n' ' ')" [ "$(tags | sed -n "$((n + 1))p")" = 2.1 ]
t send-keys -t vnr q
# typed only once vnreader has ended (it would take the letters as keys)
check "Ctrl-Z, fg, q: the program did not end" wait_until not_running
t send-keys -t vnr "stty -a | tr ' ;' '\n\n' | grep -cx -e icanon -e echo | sed 's/^/AFTER=/'" Enter
check "Ctrl-Z, fg, q: the terminal is not restored: $(pane | tail -n 3)" wait_until has '^AFTER=2$'

# --- The end of the text: said, then -> only says it again; the position is forgotten. -------
start
wait_until count_at_least 1
t send-keys -t vnr End
said 'hết bài'
n=$(count)
t send-keys -t vnr Right
check "-> at the end: no second 'hết bài'" wait_until has_n 'vnreader: hết bài$' 2
check "-> at the end: the second 'hết bài' was not heard" \
  wait_until sh -c "[ \$(tmux -S '$SOCK' capture-pane -p -J -S -10000 -t vnr | grep -A1 'vnreader: hết bài' | grep -c 'vnreader: ([1-9][0-9]* samples played)') -ge 2 ]"
check "-> at the end read something: $(tags | tr '\n' ' ')" [ "$(count)" -eq "$n" ]
check "bookmarks lost at the end: $(cat "$posfile")" grep -qx 'bookmark=4' "$posfile"
t send-keys -t vnr q
wait_until has '^MODES='
start
wait_until count_at_least 1
check "after the end, a new run starts at 1.1, not $(tags | head -n 1): $(pane | head -n 4)" [ "$(tags | head -n 1)" = 1.1 ]
t send-keys -t vnr q
wait_until has '^MODES='

# --- --quiet-feedback: printed, not spoken (no samples line after the message). ----------------
start --quiet-feedback --from-start
wait_until count_at_least 1
t send-keys -t vnr w
check "--quiet-feedback: w printed nothing" wait_until has 'vnreader: câu 1 trên 7'
sleep 1
check "--quiet-feedback: the message was spoken: $(pane | tail -n 3 | tr '\n' ' ')" sh -c "! tmux -S '$SOCK' capture-pane -p -t vnr | grep -q 'samples played'"
t send-keys -t vnr q
wait_until has '^MODES='

# --- A state file that is a FIFO, a state folder that is a link: refused, reading goes on. ----
rm -f "$posfile" && mkfifo "$posfile"
start
check "FIFO state file: no refusal message: $(pane | head -n 3)" wait_until has 'FIFO.*refused'
check "FIFO state file: no sentence read" wait_until count_at_least 1
t send-keys -t vnr q
wait_until has '^MODES='
check "FIFO state file was replaced" test -p "$posfile"
mv "$T/state/vnreader" "$T/elsewhere" && ln -s "$T/elsewhere" "$T/state/vnreader"
start
check "linked state folder: no refusal message: $(pane | head -n 3)" wait_until has 'vnreader: .*: not a folder'
check "linked state folder: no sentence read" wait_until count_at_least 1
t send-keys -t vnr q
wait_until has '^MODES='

# --- --earcons: a tick before each paragraph's voice, the end sound before "hết bài". --------
# -v prints where each sentence's voice starts on the device ("(voice at sample N)"): what came
# before it (pauses, a tick) is counted in samples. A tick is 30-60 ms of sound (+ a short
# silence), at most 150 ms in all; the end sound is about 250 ms of sound.
printf 'Đoạn 1 câu 1: một hai ba.\nĐoạn 1 câu 2: bốn năm sáu.\n\nĐoạn 2 câu 1: bảy tám chín.\n' >"$T/short.txt"
RATE=22050
between() { [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
# voice_at K: the sample where the K-th sentence's voice started.
voice_at() { pane | sed -n 's/^vnreader: (voice at sample \([0-9]*\))$/\1/p' | sed -n "${1}p"; }
end_sound() { pane | sed -n 's/^vnreader: (end sound: \([0-9]*\) samples played)$/\1/p' | tail -n 1; }
# read_short ARGS: read short.txt to the end; sets first (the first voice's sample) and step (the
# samples from the voice of 1.2 to that of 2.1: sentence, pause, tick).
read_short() {
  INPUT=short.txt start --from-start "$@"
  check "$*: 'hết bài' not said: $(pane | tail -n 4 | tr '\n' ' ')" wait_until has 'vnreader: hết bài'
  first=$(voice_at 1)
  step=$(($(voice_at 3) - $(voice_at 2)))
}
read_short
plain_first=$first plain_step=$step
check "without --earcons: an end sound was played" [ -z "$(end_sound)" ]
check "without --earcons: samples before the first voice: '$plain_first'" [ "$plain_first" = 0 ]
t send-keys -t vnr q
wait_until has '^MODES='
read_short --earcons
check "--earcons: the first voice starts at $first, not after a tick (30-150 ms)" \
  between "$first" $((RATE * 30 / 1000)) $((RATE * 150 / 1000))
# eSpeak NG's sentence lengths vary by a few samples from run to run: hence the 50 samples.
tick=$((step - plain_step))
check "--earcons: paragraph two's voice moved by $tick samples, the first tick is $first" \
  between "$tick" $((first - 50)) $((first + 50))
check "--earcons: end sound of '$(end_sound)' samples before 'hết bài' (want >= 250 ms)" \
  [ "$(end_sound)" -ge $((RATE * 250 / 1000)) ]
check "--earcons: the end sound did not come just before 'hết bài'" \
  sh -c "tmux -S '$SOCK' capture-pane -p -J -t vnr | grep -A2 'end sound' | grep -q 'hết bài'"
t send-keys -t vnr q
wait_until has '^MODES='
# The key e turns them on at run time (said aloud): at the end, -> then plays the end sound too;
# h says the key.
INPUT=short.txt start --from-start
check "no 'hết bài' without --earcons" wait_until has 'vnreader: hết bài'
t send-keys -t vnr e
said "bật âm báo"
t send-keys -t vnr Right
check "e then -> at the end: no end sound: $(pane | tail -n 4 | tr '\n' ' ')" wait_until has 'vnreader: (end sound: '
t send-keys -t vnr h
check "h does not name the key e" wait_until has 'e: bật, tắt âm báo'
t send-keys -t vnr e
said "tắt âm báo"
t send-keys -t vnr q
wait_until has '^MODES='
check "--help does not list --earcons" sh -c "'$VNR' --help | grep -q -- '--earcons'"

if [ "$failures" -gt 0 ]; then
  echo "interactive_test: $failures of $checks checks failed"
  exit 1
fi
echo "interactive_test: all $checks checks passed"
