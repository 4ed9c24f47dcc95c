#!/usr/bin/env bash
# Experiment of 2026-11-28 07:33-08:13 UTC on the 2-core VM (not shipped): LSMS with sentence FiLM.
set -euo pipefail
OMP_NUM_THREADS=2 ./build/app/lsms train --out runs/film-cpu --size 192 --batch 8 --steps 100000 --lr 0.002 \
  --seed 21 --phantoms 160 --first-seed 30000 --val-phantoms 6 --val-samples 128 --validate-every 400 \
  --device cpu --sentence-film --max-minutes 40
