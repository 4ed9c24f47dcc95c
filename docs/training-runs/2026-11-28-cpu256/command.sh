#!/usr/bin/env bash
set -euo pipefail
export OMP_NUM_THREADS=2
exec ./build/app/lsms train --out runs/cpu256 --size 256 --steps 1400 --batch 8 --seed 2 \
  --phantoms 64 --val-phantoms 4 --val-samples 64 --validate-every 350 --device cpu
