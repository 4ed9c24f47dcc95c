#!/usr/bin/env bash
# Trains on one GPU and ends before a deadline: the way the shipped weights
# were made on a lent GPU machine with minutes to spare (see
# resources/models/README.md). Needs the models-only build that
# scripts/gpu_check.sh makes (BUILD_DIR, default build-gpu).
#   scripts/gpu_train.sh [lsms train options...]
# Without options: stage 1, LSMS and its text-blind baseline side by side on
# the same batches (same seed). --out, --device and --max-minutes are added.
#   LSMS_DEADLINE  epoch seconds by which everything here has finished
#   OUT            where the packed results go (default runs/)
#   GPU_TRAIN_NAME their folder under OUT (default gpu-train)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-gpu}"
lsms="$build/app/lsms"
out="${OUT:-$root/runs}/${GPU_TRAIN_NAME:-gpu-train}"
work="${GPU_TRAIN_DIR:-/tmp/lsms-gpu-train}"
deadline="${LSMS_DEADLINE:-$(( $(date +%s) + 420 ))}"
mkdir -p "$out" "$work"
stamp="$(mktemp)"
trap 'rm -f "$stamp"' EXIT

if (( $# == 0 )); then
  set -- --with-baseline --size 192 --batch 32 --steps 60000 --lr 0.002 --seed 11 --phantoms 640 --first-seed 10000 \
    --val-phantoms 12 --val-samples 512 --validate-every 500
fi
# Packing the checkpoints takes seconds; the rest of the time is training's,
# phantom rendering included (lsms train --max-minutes counts it).
left=$(( deadline - $(date +%s) - 15 ))
if (( left < 90 )); then echo "only $left s left: not training" >&2; exit 1; fi
minutes="$(awk -v s="$left" 'BEGIN { printf "%.2f", s / 60 }')"
echo "training for at most $minutes min"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true

"$lsms" train --out "$work" --device cuda "$@" --max-minutes "$minutes" 2>&1 | tee "$out/train-output.txt"

# Only what this run wrote: the work folder may hold an earlier run's
# checkpoints (a later stage can --init from them).
packed=0
while IFS= read -r -d '' pt; do
  name="$(basename "$pt" .pt)"
  tar -C "$work" -cf "$out/$name.tar" "$name.pt" "$name.config.txt" "$name.train-log.jsonl"
  packed=$((packed + 1))
done < <(find "$work" -maxdepth 1 -name '*.pt' -newer "$stamp" -print0)
if (( packed == 0 )); then echo "training wrote no checkpoint in $work" >&2; exit 1; fi
ls -l "$out"
