#!/usr/bin/env bash
# Stage 2 of resources/models/lsms-default.pt (LSMS only; the baseline got no
# second stage: the session's GPU minutes ran out), run right after stage 1 on
# the same H200. It decided 1,423 steps at the end of warm-up.
set -euo pipefail
build="${BUILD_DIR:-build-gpu}"
"$build/app/lsms" train --out /tmp/s2 --device cuda --init /tmp/lsms-gpu-train/lsms.pt --size 192 --batch 32 \
  --steps 60000 --lr 0.001 --seed 12 --phantoms 480 --first-seed 20000 --val-phantoms 12 --val-samples 512 \
  --validate-every 500 --max-minutes 3.3
