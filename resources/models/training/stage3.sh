#!/usr/bin/env bash
# Stage 3 of resources/models/lsms-default.pt: 500 steps from stage 2's weights with
# the sampler that also draws slices outside the liver (7 %), on 120 new
# phantoms (seeds 3000-3119). Stages 1 and 2: stage1.sh, stage2.sh.
set -euo pipefail
export OMP_NUM_THREADS=2
./build/app/lsms train --out runs/cpu192-stage3 --size 192 --steps 500 --batch 8 --seed 5 --lr 0.0005 \
  --phantoms 120 --first-seed 3000 --val-phantoms 6 --val-samples 128 --validate-every 250 --device cpu \
  --init runs/cpu192-stage2/lsms.pt
