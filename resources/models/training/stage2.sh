#!/usr/bin/env bash
# Stage 2 of resources/models/lsms-default.pt: continues from stage 1.
set -euo pipefail
export OMP_NUM_THREADS=2
./build/app/lsms train --out runs/cpu192-stage2 --size 192 --steps 1900 --batch 8 --seed 4 --lr 0.001 \
  --phantoms 160 --first-seed 2000 --val-phantoms 6 --val-samples 128 --validate-every 380 --device cpu \
  --init runs/cpu192/lsms.pt
