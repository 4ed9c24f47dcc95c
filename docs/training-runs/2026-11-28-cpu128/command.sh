#!/usr/bin/env bash
# The command that produced resources/models/lsms-default.pt (CPU, 2 cores).
set -euo pipefail
export OMP_NUM_THREADS=2
exec ./build/app/lsms train --out runs/cpu128 --with-baseline --size 128 --steps 2500 --batch 8 --seed 1 \
  --phantoms 24 --val-phantoms 4 --val-samples 64 --validate-every 500 --device cpu
