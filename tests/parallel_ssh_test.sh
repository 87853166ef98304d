#!/bin/sh
# parallel_ssh_test.sh - the README's "Across machines" recipe, run for real: GNU parallel sends
# text files to two "hosts" over ssh, vnreader runs there, the audio and captions come back, and
# nothing is left on the remote side. The hosts are two sshd servers on 127.0.0.1, started here
# with their own throw-away host keys, user key and configuration, on high ports, as the
# current user (root needs the privilege-separation folder /run/sshd, made here if missing).
#   sh tests/parallel_ssh_test.sh build/vnreader
VNR=$(cd "$(dirname "${1:-build/vnreader}")" && pwd)/$(basename "${1:-build/vnreader}")
NAME=parallel_ssh_test
. "$(dirname "$0")/testlib.sh"
SFINFO=$(dirname "$VNR")/sfinfo

for tool in parallel ssh ssh-keygen rsync python3; do
  command -v $tool >/dev/null ||
    { fail "$tool is not installed (Debian: parallel openssh-client rsync; make test-deps)"; exit 1; }
done
SSHD=/usr/sbin/sshd # sshd refuses to start from a relative path
[ -x $SSHD ] || { fail "$SSHD is not installed (Debian: openssh-server; make test-deps)"; exit 1; }
[ -x "$VNR" ] || { fail "no $VNR"; exit 1; }

# --- Two sshd servers. --------------------------------------------------------------------------
if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
  mkdir -p /run/sshd && chmod 755 /run/sshd
fi
S=$T/ssh
mkdir -m 700 "$S"
ssh-keygen -q -t ed25519 -N '' -f "$S/host_key" -C vnreader-test-host
ssh-keygen -q -t ed25519 -N '' -f "$S/user_key" -C vnreader-test-user
cp "$S/user_key.pub" "$S/authorized_keys"
chmod 600 "$S/authorized_keys"

# A free port: the kernel picks one from its high range for a socket bound to port 0.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT

start_sshd() { # start_sshd NAME PORT
  cat >"$S/$1.conf" <<EOF
Port $2
ListenAddress 127.0.0.1
HostKey $S/host_key
AuthorizedKeysFile $S/authorized_keys
PidFile $S/$1.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
AcceptEnv LANG LC_*
EOF
  $SSHD -D -e -f "$S/$1.conf" 2>"$S/$1.log" &
  pids="$pids $!"
}
PORT_A=$(free_port)
PORT_B=$(free_port)
while [ "$PORT_B" = "$PORT_A" ]; do PORT_B=$(free_port); done
start_sshd a "$PORT_A"
start_sshd b "$PORT_B"
cat >"$S/config" <<EOF
Host vnr-a vnr-b
  HostName 127.0.0.1
  User $(id -un)
  IdentityFile $S/user_key
  IdentitiesOnly yes
  UserKnownHostsFile $S/known_hosts
  StrictHostKeyChecking accept-new
  BatchMode yes
  LogLevel ERROR
Host vnr-a
  Port $PORT_A
Host vnr-b
  Port $PORT_B
EOF
# Wait until both answer (sshd needs a moment to listen).
for host in vnr-a vnr-b; do
  n=0
  until ssh -F "$S/config" $host true 2>"$S/ssh.err"; do
    n=$((n + 1))
    [ $n -lt 50 ] || break
    sleep 0.1
  done
  check "ssh to $host: $(cat "$S/ssh.err") $(cat "$S"/a.log "$S"/b.log | tail -n 3)" \
    ssh -F "$S/config" $host true
done
[ $failures -eq 0 ] || { echo "$NAME: $failures of $checks checks failed"; exit 1; }

# --- The recipe, as the README gives it. ----------------------------------------------------------
# Inputs in a sub-folder, as a producer's are; outputs come back to out/ beside it.
W=$T/work
mkdir -p "$W/in"
for i in 1 2 3 4 5 6; do
  printf 'Bản tin số %d. Hôm nay, trời Hà Nội nắng nhẹ, nhiệt độ từ 25 đến 31 độ C.\n' $i \
    >"$W/in/tin$i.txt"
done
before=$(ls -A "$HOME/.parallel/tmp" 2>/dev/null | wc -l)
start=$(date +%s.%N)
(cd "$W" && parallel --will-cite --ssh "ssh -F $S/config" -S 1/vnr-a,1/vnr-b \
  --workdir ... --transferfile {} --return out/{/.}.wav --return out/{/.}.srt --cleanup \
  "mkdir -p out && $VNR -q -o out/{/.}.wav --captions out/{/.}.srt {}" ::: in/*.txt) \
  >"$T/par.out" 2>"$T/par.err"
rc=$?
end=$(date +%s.%N)
check "parallel over ssh: exit $rc: $(cat "$T/par.err")" [ $rc -eq 0 ]
for i in 1 2 3 4 5 6; do
  f=$W/out/tin$i.wav
  check "tin$i.wav came back: $(ls "$W/out" 2>&1 | tr '\n' ' ')" [ -s "$f" ]
  check "tin$i.wav lasts $(field "$f" seconds) s" between "$(field "$f" seconds)" 2 30
  check "tin$i.srt came back" grep -q -- '-->' "$W/out/tin$i.srt"
done
# Both hosts worked: each job's remote folder is named after its host.
(cd "$W" && parallel --will-cite --ssh "ssh -F $S/config" -S 1/vnr-a,1/vnr-b --tag --onall \
  "hostname >/dev/null; echo ok" ::: x) >"$T/onall" 2>&1
check "both hosts answer --onall: $(cat "$T/onall")" [ "$(grep -c ok "$T/onall")" -eq 2 ]
after=$(ls -A "$HOME/.parallel/tmp" 2>/dev/null | wc -l)
check "remote work folders left: $before before, $after after" [ "$after" -le "$before" ]
# The inputs are untouched and nothing else appeared locally.
check "local files: $(cd "$W" && find . -type f | sort | tr '\n' ' ')" \
  [ "$(cd "$W" && find . -type f | wc -l)" -eq 18 ]
# The same files as a local run (rates, lengths): the remote ran the same program.
"$VNR" -q -o "$T/local.wav" "$W/in/tin1.txt"
check "remote and local tin1: $(field "$W/out/tin1.wav" seconds) s, $(field "$T/local.wav" seconds) s" \
  near "$(field "$W/out/tin1.wav" seconds)" "$(field "$T/local.wav" seconds)" 0.01
echo "$NAME: 6 files over 2 ssh hosts in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s"

echo "$NAME: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
