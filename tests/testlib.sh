# testlib.sh - what the shell tests share. Sourced (". tests/testlib.sh") after NAME (the test's
# name, for messages and the temporary folder) is set: makes $T, a temporary folder removed at
# exit, and counts checks and failures for the summary line each test prints.
T=$(mktemp -d "/tmp/vnr-$NAME.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
checks=0

fail() {
  echo "$NAME: FAIL: $*"
  failures=$((failures + 1))
}
# check MESSAGE COMMAND...: count a check; report MESSAGE if the command fails.
check() {
  msg=$1
  shift
  checks=$((checks + 1))
  "$@" || fail "$msg"
}
# field FILE NAME: one field of sfinfo's line ("rate", "seconds"...), empty if unreadable.
field() {
  "$SFINFO" "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p"
}
between() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x != "" && x >= lo && x <= hi) }'; }
near() { awk -v x="$1" -v y="$2" -v d="$3" 'BEGIN { exit !(x != "" && y != "" && x - y <= d && y - x <= d) }'; }
# skip REASON: this test cannot run here. Printed as "SKIP: name: reason"; under CI=true (where
# `make test` installed everything) a skip is a failure.
skip() {
  echo "SKIP: $NAME: $*"
  if [ "${CI:-}" = true ]; then
    echo "$NAME: FAIL: under CI=true a skipped test is a failure"
    exit 1
  fi
  exit 0
}
