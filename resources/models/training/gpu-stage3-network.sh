#!/usr/bin/env bash
# Stage 3 of the LSMS network (not of the scorer): continues the shipped
# network on new phantoms on a lent GPU, inside one device call. Run from the
# repository root after scripts/gpu_check.sh has built the models-only
# configuration (BUILD_DIR, default build-gpu):
#   LSMS_DEADLINE=<epoch s> BUILD_DIR=/tmp/build-gpu resources/models/training/gpu-stage3-network.sh
# --max-minutes comes from the deadline; training fixes its step count at the
# end of warm-up (the log's "of" field), so the schedule can be repeated
# without a deadline by giving that count as --steps.
# The shipped file's scorer is left out (it was fitted to the old network's
# components): afterwards, lsms train --stage scorer --init <this lsms.pt>.
set -euo pipefail
build="${BUILD_DIR:-build-gpu}"
out="${OUT:-runs}/gpu-stage3"
work="${GPU_TRAIN_DIR:-/tmp/lsms-gpu-stage3}"
deadline="${LSMS_DEADLINE:-$(( $(date +%s) + 420 ))}"
mkdir -p "$out" "$work"
left=$(( deadline - $(date +%s) - 15 ))
if (( left < 90 )); then echo "only $left s left: not training" >&2; exit 1; fi
minutes="$(awk -v s="$left" 'BEGIN { printf "%.2f", s / 60 }')"
echo "training for at most $minutes min"
# Validation on the same phantoms and samples as stage 2 (seeds 520000..,
# sample seed 12 + 7), so the start and end numbers compare with its log.
"$build/app/lsms" train --out "$work" --device cuda --init resources/models/lsms-default.pt --size 192 --batch 32 \
  --steps 60000 --lr 0.0006 --seed 12 --phantoms 800 --first-seed 40000 --val-phantoms 12 --val-first-seed 520000 \
  --val-samples 512 --validate-every 500 --data-workers 12 --max-minutes "$minutes"
tar -C "$work" -cf "$out/lsms.tar" lsms.pt lsms.config.txt lsms.train-log.jsonl
ls -l "$out"
