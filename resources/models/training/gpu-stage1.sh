#!/usr/bin/env bash
# Stage 1 of resources/models/lsms-default.pt and resources/models/baseline.pt,
# as run on 2026-11-28 on a lent NVIDIA H200 (PyTorch 2.11.0+cu130's LibTorch),
# from the repository root, through the device tool:
#   LSMS_DEADLINE=<start + 560 s> BUILD_DIR=/tmp/build-gpu scripts/gpu_check.sh && scripts/gpu_train.sh
# scripts/gpu_train.sh computed --max-minutes from the deadline (7.77 here);
# with the time budget, training decided its step count at the end of
# warm-up (LSMS 2,382 steps, baseline 3,126; each log's "of" field). To repeat
# the schedule exactly without a deadline, give those as --steps and drop
# --max-minutes (two runs, one with --baseline instead of --with-baseline).
set -euo pipefail
build="${BUILD_DIR:-build-gpu}"
"$build/app/lsms" train --out /tmp/lsms-gpu-train --device cuda --with-baseline --size 192 --batch 32 \
  --steps 60000 --lr 0.002 --seed 11 --phantoms 640 --first-seed 10000 --val-phantoms 12 --val-samples 512 \
  --validate-every 500 --max-minutes 7.77
