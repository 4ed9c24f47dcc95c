#!/usr/bin/env bash
# How the costs grow with the study: for phantom studies of 512x512xN
# (N = 100, 300, 1000, 2000 by default), the load against ITK's GDCM series
# reader in the same run (`lsms bench load`), the whole-volume prompt
# (`lsms segment`, shipped model, CPU) and DICOM-SEG export and import
# (`lsms bench seg`); then the least-squares slope of each per slice.
#   scripts/bench_scaling.sh [N ...]      (studies are made in $SCALE_DIR, default /tmp/lsms-scaling)
set -euo pipefail
cd "$(dirname "$0")/.."
lsms=build/app/lsms
dir="${SCALE_DIR:-/tmp/lsms-scaling}"
sizes=("${@:-100 300 1000 2000}")
read -r -a sizes <<<"${sizes[*]}"
mkdir -p "$dir"
out="$dir/results.tsv"
printf 'slices\tload_ms\titk_ms\tpeak_mib\tprompt_s\tseg_export_s\tseg_import_s\n' >"$out"
for n in "${sizes[@]}"; do
  study="$dir/phantom-$n"
  # 0.5 mm slices above 600 so the anatomy still fills the series, as a thin-slice CT does.
  thickness=$([ "$n" -gt 600 ] && echo 0.5 || echo 1.0)
  [ -d "$study/dicom" ] || "$lsms" phantom --seed 21 --slices "$n" --thickness "$thickness" --out "$study" >/dev/null
  load=$("$lsms" bench load "$study/dicom" --repeat 3)
  lsms_ms=$(grep 'lsms scan+load' <<<"$load" | awk '{print $3}')
  itk_ms=$(grep 'ITK GDCM series reader' <<<"$load" | awk '{print $5}')
  peak=$(grep 'lsms peak memory' <<<"$load" | awk '{print $4}')
  start=$(date +%s.%N)
  "$lsms" segment "$study/dicom" --prompt "the largest lesion" --device cpu --out-nifti "$dir/answer-$n.nii.gz" >/dev/null
  prompt_s=$(awk "BEGIN { print $(date +%s.%N) - $start }")
  seg=$("$lsms" bench seg --repeat 3 --slices "$n")
  export_s=$(grep '^export' <<<"$seg" | awk '{print $3}')
  import_s=$(grep '^import' <<<"$seg" | awk '{print $3}')
  printf '%s\t%s\t%s\t%s\t%.2f\t%s\t%s\n' "$n" "$lsms_ms" "$itk_ms" "$peak" "$prompt_s" "$export_s" "$import_s" | tee -a "$out"
done
/usr/bin/python3 - "$out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
x = [float(r["slices"]) for r in rows]
def fit(key):
    y = [float(r[key]) for r in rows]
    n = len(x); mx = sum(x) / n; my = sum(y) / n
    sxx = sum((a - mx) ** 2 for a in x)
    slope = sum((a - mx) * (b - my) for a, b in zip(x, y)) / sxx if sxx else 0.0
    pred = [my + slope * (a - mx) for a in x]
    ss = sum((b - p) ** 2 for b, p in zip(y, pred)); st = sum((b - my) ** 2 for b in y)
    return slope, (1 - ss / st) if st else 1.0
print("| slices | load (ms) | ITK (ms) | ITK / lsms | peak memory (MiB) | prompt (s) | SEG export (s) | SEG import (s) |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['slices']} | {float(r['load_ms']):.0f} | {float(r['itk_ms']):.0f} | {float(r['itk_ms'])/float(r['load_ms']):.1f}× | "
          f"{float(r['peak_mib']):.0f} | {float(r['prompt_s']):.1f} | {float(r['seg_export_s']):.3f} | {float(r['seg_import_s']):.3f} |")
for key, unit in [("load_ms", "ms"), ("itk_ms", "ms"), ("peak_mib", "MiB"), ("prompt_s", "s"), ("seg_export_s", "s"), ("seg_import_s", "s")]:
    slope, r2 = fit(key)
    print(f"- {key}: {slope:.4g} {unit} per slice (linear fit, R² {r2:.3f})")
PY
