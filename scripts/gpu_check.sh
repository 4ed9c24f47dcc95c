#!/usr/bin/env bash
# GPU check of the LSMS network (issue 3), meant for a machine with an NVIDIA
# GPU and PyTorch installed (its LibTorch is used; no Qt/VTK/ITK/DCMTK
# needed): configure the models-only build, build `lsms`, run the model
# benchmark on CUDA and on the CPU, and compare the two outputs.
# Everything runs under an 8-minute budget.
set -euo pipefail
deadline=$((SECONDS + 480))
# At least 1 s: timeout reads 0 as "no limit".
left() { local l=$((deadline - SECONDS)); echo $((l > 0 ? l : 1)); }

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-gpu}"
torch_dir="${Torch_DIR:-$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')/Torch}"
echo "Torch_DIR=$torch_dir"
python3 -c 'import torch;print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())'
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
timeout "$(left)" cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DLSMS_MODELS_ONLY=ON -DLSMS_BUILD_TESTS=OFF -DTorch_DIR="$torch_dir"
timeout "$(left)" cmake --build "$build" --target lsms -j "$(nproc)"
lsms="$build/app/lsms"

out="${OUT:-$build}/gpu-check"
mkdir -p "$out"
# The timed CUDA run keeps LibTorch's defaults (TF32 convolutions, as
# inference uses them); a second CUDA run without TF32 dumps the
# probabilities of a fixed input, and the CPU run (same weights, same input)
# must match it to fp32 rounding. The TF32 difference is printed too.
timeout "$(left)" "$lsms" bench model --device cuda --dump "$out/cuda-tf32.bin" | tee "$out/bench-cuda.txt"
timeout "$(left)" "$lsms" bench model --device cuda --exact --skip-volume --repeats 1 --dump "$out/cuda-fp32.bin" \
  | grep -E '^(device|max)'
timeout "$(left)" "$lsms" bench model --device cpu --volume-slices 20 --compare "$out/cuda-fp32.bin" | tee "$out/bench-cpu.txt"
timeout "$(left)" "$lsms" bench model --device cpu --skip-volume --repeats 1 --compare "$out/cuda-tf32.bin" \
  | grep '^max' | sed 's/^/TF32: /' | tee -a "$out/bench-cpu.txt"
rm -f "$out/cuda-tf32.bin" "$out/cuda-fp32.bin"
diff_line="$(grep -v '^TF32' "$out/bench-cpu.txt" | grep 'max |p - p_ref|')"
echo "GPU (fp32) vs CPU: $diff_line"
max="$(echo "$diff_line" | sed -E 's/.*p_ref\|[[:space:]]+([0-9.eE+-]+).*/\1/')"
python3 - "$max" <<'PY'
import sys
d = float(sys.argv[1])
# Both fp32; only the order of summation differs (cuDNN vs oneDNN/ATen).
print("PASS" if d < 1e-3 else "FAIL", "max abs difference", d)
sys.exit(0 if d < 1e-3 else 1)
PY
echo "done in $SECONDS s"
