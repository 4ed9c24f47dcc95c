#!/usr/bin/env bash
# Stage 3 of resources/models/lsms-default.pt (the network, not the scorer),
# as run on 2026-11-28 ~17:00 UTC on a lent NVIDIA H200 through the device
# tool, in one call that first built with scripts/gpu_check.sh:
#   export LSMS_DEADLINE=$(( $(date +%s) + 540 ))
#   BUILD_DIR=/tmp/build-gpu scripts/gpu_check.sh          # its own 8-minute budget
#   BUILD_DIR=/tmp/build-gpu resources/models/training/gpu-stage3-network.sh
# It continued the stage-2 network, which is the lsms-default.pt of commit
# fd987e9 (its scorer is left out by lsms train):
#   git show fd987e9:resources/models/lsms-default.pt > /tmp/lsms-stage2.pt
# --max-minutes came to 7.50 from the deadline, and training fixed 3,536 steps
# at the end of warm-up. To repeat that schedule without a deadline, run the
# "command" of gpu-stage3-network.train-log.jsonl with --steps 3536 and no
# --max-minutes. Validation is on the same phantoms and samples as stage 2
# (seeds 520000.., sample seed 12 + 7), so its numbers compare with that log.
# Output: $OUT/gpu-stage3/lsms.tar (lsms.pt, config, log); stage 4 trains the
# scorer on that lsms.pt (cpu-stage4-scorer.sh).
set -euo pipefail
cd "$(dirname "$0")/../../.."
init="${STAGE2_CHECKPOINT:-/tmp/lsms-stage2.pt}"
if [[ ! -f "$init" ]]; then
  echo "no stage-2 checkpoint at $init: git show fd987e9:resources/models/lsms-default.pt > $init" >&2
  exit 1
fi
GPU_TRAIN_NAME=gpu-stage3 GPU_TRAIN_DIR=/tmp/lsms-gpu-stage3 scripts/gpu_train.sh \
  --init "$init" --size 192 --batch 32 --steps 60000 --lr 0.0006 --seed 12 --phantoms 800 \
  --first-seed 40000 --val-phantoms 12 --val-first-seed 520000 --val-samples 512 --validate-every 500 --data-workers 12
