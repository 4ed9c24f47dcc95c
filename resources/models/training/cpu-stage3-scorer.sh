#!/usr/bin/env bash
# Stage 3 of resources/models/lsms-default.pt: the referring scorer, trained on
# the 2-core CPU on top of the stage-2 network (frozen; its weights are copied
# unchanged into the result). The stage-2 checkpoint is the lsms-default.pt of
# commit 516e71e: git show 516e71e:resources/models/lsms-default.pt > /tmp/lsms-stage2.pt
set -euo pipefail
build="${BUILD_DIR:-build}"
OMP_NUM_THREADS=2 "$build/app/lsms" train --stage scorer --init /tmp/lsms-stage2.pt --out /tmp/s3 --device cpu \
  --phantoms 300 --first-seed 30000 --val-phantoms 30 --val-first-seed 530000 --steps 3000 --batch 64 \
  --lr 0.005 --seed 21 --validate-every 250
