#!/bin/sh
# run_sample.sh - what `make run` does after building: read the sample article aloud when this
# machine has a sound device, otherwise save it as a WAV file and say where.
#   sh tests/run_sample.sh build/vnreader samples/news_article.txt build/sample.wav
VNR=${1:-build/vnreader}
SAMPLE=${2:-samples/news_article.txt}
WAV=${3:-build/sample.wav}
if [ ! -f "$SAMPLE" ]; then
  echo "vnreader: no sample text at $SAMPLE" >&2
  exit 1
fi
# --list-devices only asks PortAudio what exists; it plays nothing.
if "$VNR" --list-devices >/dev/null 2>&1; then
  echo "vnreader: reading $SAMPLE aloud (Ctrl-C to stop)..."
  exec "$VNR" "$SAMPLE"
fi
echo "vnreader: no sound device found on this machine, so the sample is saved to a file instead."
"$VNR" -o "$WAV" "$SAMPLE" || exit 1
echo "vnreader: wrote $(cd "$(dirname "$WAV")" && pwd)/$(basename "$WAV")"
echo "          play it with e.g.: aplay $WAV   (or copy it to a machine with speakers)"
