#!/bin/sh
# real_pages.sh - how vnreader reads web pages nobody on the project wrote (`make bench-pages`,
# part of `make bench`). A measurement, not a test: the pages cannot be redistributed, so they
# stay out of the repository and out of `make check`; tests/html/real/fetch_list.txt names each
# one (repository, commit, path) and what a listener should hear of it.
#
# usage: sh tests/real_pages.sh build/vnreader
# Reads each page from a local copy of its repository, REAL_PAGES_MIRROR/owner+name/repo (a bare
# git directory; default /work/.mirror). A page whose copy is missing prints "SKIP: ..." and is
# counted; with CI=true a skip fails. Prints one line per page and the totals:
#   heard  paragraphs (or lines written by hand) of what should be heard that were read
#   junk   lines read that should not be (menus, comments, references...)
# Exits non-zero only when a measurement cannot run (no vnreader, no python3, a skip under CI).
VNR=${1:-build/vnreader}
DIR=$(cd "$(dirname "$0")" && pwd)/html/real
MIRROR=${REAL_PAGES_MIRROR:-/work/.mirror}
[ -x "$VNR" ] || { echo "real_pages: no $VNR"; exit 1; }
command -v python3 >/dev/null || { echo "real_pages: python3 is needed to score"; exit 1; }
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

heard=0 expected=0 junk=0 pages=0 skips=0
printf '%-30s %-9s %-6s %s\n' page heard junk what
tab=$(printf '\t')
grep -v '^#' "$DIR/fetch_list.txt" | grep . >"$T/list"
while IFS="$tab" read -r name repo commit path want what; do
  git="$MIRROR/$(echo "$repo" | tr / +)/repo"
  if ! git -C "$git" cat-file -e "$commit:$path" 2>/dev/null; then
    echo "SKIP: $name: $repo@$commit:$path is not in $MIRROR (fetch github:$repo there)"
    skips=$((skips + 1))
    continue
  fi
  git -C "$git" show "$commit:$path" >"$T/page.html"
  case $want in
  hand) mode=hand expect="$DIR/$name.expect" ;;
  readability:*)
    mode=readability expect="$T/expected.html"
    git -C "$git" show "$commit:${want#readability:}" >"$expect" || { echo "real_pages: $name: no ${want#readability:}"; exit 1; }
    ;;
  *) echo "real_pages: $name: unknown expectation '$want'"; exit 1 ;;
  esac
  # "no article text found" is a result too: nothing heard.
  "$VNR" --extract "$T/page.html" >"$T/got" 2>"$T/err"
  python3 "$DIR/score.py" "$mode" "$expect" "$T/got" >"$T/score" || { echo "real_pages: $name: scoring failed"; exit 1; }
  set -- $(head -1 "$T/score")
  printf '%-30s %4s/%-4s %-6s %s\n' "$name" "$1" "$2" "$3" "$what"
  [ -n "$REAL_PAGES_VERBOSE" ] && sed 1d "$T/score"
  heard=$((heard + $1)) expected=$((expected + $2)) junk=$((junk + $3)) pages=$((pages + 1))
done <"$T/list"
printf '%-30s %4s/%-4s %-6s %s pages, %s skipped\n' TOTAL "$heard" "$expected" "$junk" "$pages" "$skips"
if [ "$skips" -ne 0 ] && [ "$CI" = true ]; then
  echo "real_pages: $skips pages skipped under CI=true"
  exit 1
fi
exit 0
