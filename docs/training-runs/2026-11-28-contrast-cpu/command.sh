#!/usr/bin/env bash
# Experiment of 2026-11-28 08:51-10:19 UTC on the 2-core VM (not shipped): the
# shipped GPU weights continued with contrast pairs (every second sample is the
# same slice with another expression and another answer) and the distractor
# loss (weight 0.15) on lesions the expression does not refer to. Run before
# those two became opt-in, so the command in its log lacks --contrast-pairs.
set -euo pipefail
OMP_NUM_THREADS=2 ./build/app/lsms train --out runs/cpu-stage3 --init resources/models/lsms-default.pt \
  --size 192 --batch 8 --steps 100000 --lr 0.0005 --seed 13 --phantoms 160 --first-seed 40000 \
  --val-phantoms 6 --val-first-seed 540000 --val-samples 192 --validate-every 400 --device cpu \
  --distractor-weight 0.15 --contrast-pairs --max-minutes 85
