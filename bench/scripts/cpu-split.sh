#!/bin/bash
# CPU time each process of a benchmark used over a window: the bench (app and bare endpoint), the emulators and wrk.
# Usage: bench/scripts/cpu-split.sh SECONDS   (run it while a phase of `GovData.Bench audit` is under way)
# Prints clock ticks (100 per CPU-second) per process; 2 cores give at most 200 ticks a second in all.
set -euo pipefail
declare -A before
for p in $(pgrep -f "GovData.Bench.dll|azurite|start.mjs|wrk"); do
  before[$p]=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0)
done
sleep "${1:?seconds}"
for p in "${!before[@]}"; do
  now=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null) || continue
  echo "$(( now - ${before[$p]} )) ticks  $(tr '\0' ' ' < "/proc/$p/cmdline" | cut -c1-90)"
done | sort -rn
