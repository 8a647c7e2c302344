#!/usr/bin/env bash
# Re-creates the shipped speech clips. They are committed, so nobody needs to run this;
# it documents exactly how they were made. Needs Debian's espeak-ng and sox.
#
#   espeak-ng 1.51 (Debian 12), voices en-us (male) and en-us+f3 (female), 150 words/min;
#   sox converts espeak-ng's 22.05 kHz 16-bit WAV to FLAC, trims leading/trailing
#   silence below -50 dBFS, and normalises the peak to -1 dBFS.
set -euo pipefail
cd "$(dirname "$0")"
make_clip() {  # name voice text
  local wav; wav=$(mktemp --suffix=.wav)
  espeak-ng -v "$2" -s 150 -w "$wav" "$3"
  sox "$wav" -b 16 "$1.flac" silence 1 0.02 -50d reverse silence 1 0.02 -50d reverse norm -1
  rm -f "$wav"
}
make_clip fox_male   en-us    "The quick brown fox jumps over the lazy dog."
make_clip fox_female en-us+f3 "The quick brown fox jumps over the lazy dog."
make_clip hearing    en-us    "Every figure and every sound on this site is computed."
