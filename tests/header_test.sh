#!/bin/sh
# header_test.sh - the public header compiles alone, strictly, as C11 and as C++11 (g++):
# a user includes only vnreader.h, so it must not lean on anything it does not include itself.
#   sh tests/header_test.sh [CC]
set -e
cc=${1:-cc}
dir=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include "vnreader.h"\n#include "vnreader.h"\nint main(void) { return VNR_OK; }\n' >"$tmp/h.c"
$cc -std=c11 -pedantic -Wall -Wextra -Werror -I"$dir/include" -c "$tmp/h.c" -o "$tmp/h.o"
echo "header: compiles alone as C11 with $cc"
command -v g++ >/dev/null 2>&1 || { echo "header: FAIL: g++ is missing (build-essential)"; exit 1; }
cp "$tmp/h.c" "$tmp/h.cpp"
g++ -std=c++11 -pedantic -Wall -Wextra -Werror -I"$dir/include" -c "$tmp/h.cpp" -o "$tmp/hpp.o"
echo "header: compiles alone as C++11 with g++"
