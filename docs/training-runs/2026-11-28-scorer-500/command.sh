#!/usr/bin/env bash
# The then-shipped stage 3 (resources/models/training/cpu-stage3-scorer.sh of commit fd987e9) with 500 training
# phantoms instead of 300: does the referring scorer gain from more data? Same validation
# phantoms, seed and schedule. Needs the stage-2 checkpoint:
#   git show 516e71e:resources/models/lsms-default.pt > /tmp/lsms-stage2.pt
set -euo pipefail
build="${BUILD_DIR:-build}"
OMP_NUM_THREADS=2 "$build/app/lsms" train --stage scorer --init /tmp/lsms-stage2.pt --out /tmp/s4 --device cpu \
  --phantoms 500 --first-seed 30000 --val-phantoms 30 --val-first-seed 530000 --steps 3000 --batch 64 \
  --lr 0.005 --seed 21 --validate-every 250
