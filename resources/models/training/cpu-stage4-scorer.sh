#!/usr/bin/env bash
# Stage 4 of resources/models/lsms-default.pt: the referring scorer, trained on
# the 2-core CPU on top of the stage-3 network (frozen; its weights are copied
# unchanged into the result). --init is the stage-3 lsms.pt, unpacked from what
# gpu-stage3-network.sh returned:
#   mkdir -p /tmp/stage3 && tar -C /tmp/stage3 -xf <OUT>/gpu-stage3/lsms.tar
# That file is not kept in the repository: every one of its tensors is in
# lsms-default.pt (which adds the scorer). Same command as the previous
# scorer (commit fd987e9, cpu-stage3-scorer.sh); only --init differs.
set -euo pipefail
build="${BUILD_DIR:-build}"
OMP_NUM_THREADS=2 "$build/app/lsms" train --stage scorer --init /tmp/stage3/lsms.pt --out /tmp/s4 --device cpu \
  --phantoms 300 --first-seed 30000 --val-phantoms 30 --val-first-seed 530000 --steps 3000 --batch 64 \
  --lr 0.005 --seed 21 --validate-every 250
