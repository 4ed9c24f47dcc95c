#!/usr/bin/env bash
# Stage 3 of the LSMS network (not of the scorer), as run on 2026-11-28 ~17:00
# UTC on a lent NVIDIA H200 through the device tool, from the repository root:
#   LSMS_DEADLINE=<start + 540 s> BUILD_DIR=/tmp/build-gpu scripts/gpu_check.sh
#   LSMS_DEADLINE=<same> BUILD_DIR=/tmp/build-gpu resources/models/training/gpu-stage3-network.sh
# It continues the shipped network on 800 new phantoms; --max-minutes came to
# 7.50 and training fixed 3,536 steps at the end of warm-up (the log's "of"
# field; give that as --steps and drop the deadline to repeat the schedule).
# Validation is on the same phantoms and samples as stage 2 (seeds 520000..,
# sample seed 12 + 7), so its numbers compare with that log.
# The shipped file's scorer is left out (it was fitted to the old network's
# components): afterwards, lsms train --stage scorer --init <this lsms.pt>.
set -euo pipefail
GPU_TRAIN_NAME=gpu-stage3 GPU_TRAIN_DIR=/tmp/lsms-gpu-stage3 "$(dirname "$0")/../../../scripts/gpu_train.sh" \
  --init resources/models/lsms-default.pt --size 192 --batch 32 --steps 60000 --lr 0.0006 --seed 12 --phantoms 800 \
  --first-seed 40000 --val-phantoms 12 --val-first-seed 520000 --val-samples 512 --validate-every 500 --data-workers 12
