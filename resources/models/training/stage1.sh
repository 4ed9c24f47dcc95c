#!/usr/bin/env bash
# Stage 1 of resources/models/lsms-default.pt (run from the repository root).
set -euo pipefail
export OMP_NUM_THREADS=2
./build/app/lsms train --out runs/cpu192 --size 192 --steps 1800 --batch 8 --seed 3 --phantoms 160 \
  --val-phantoms 6 --val-samples 128 --validate-every 300 --device cpu
