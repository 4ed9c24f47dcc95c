#!/usr/bin/env bash
# Experiment of 2026-11-28 15:13-15:43 UTC on the 2-core VM (not shipped): the
# referring scorer retrained on components whose edges were placed on the CT
# *before* scoring (the code of the commit that added this folder; reverted
# right after it). Same command as the then-shipped stage 3 (cpu-stage3-scorer.sh of commit fd987e9).
# Needs: git show 516e71e:resources/models/lsms-default.pt > /tmp/lsms-stage2.pt
set -euo pipefail
build="${BUILD_DIR:-build}"
OMP_NUM_THREADS=2 "$build/app/lsms" train --stage scorer --init /tmp/lsms-stage2.pt --out /tmp/s4 --device cpu \
  --phantoms 300 --first-seed 30000 --val-phantoms 30 --val-first-seed 530000 --steps 3000 --batch 64 \
  --lr 0.005 --seed 21 --validate-every 250
OMP_NUM_THREADS=2 "$build/app/lsms" eval --model /tmp/s4/lsms.pt --cases 20 --first-seed 920000 --prompts 5 --no-baseline
