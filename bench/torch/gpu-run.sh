#!/usr/bin/env bash
# Runs bench:torch from .gpu/torch-bench.tar.xz (bench/torch/pack-gpu-bench.sh) on a machine with
# no Node: unpacks it with Python's own tarfile/lzma (no xz needed) and runs the bundled bench
# with that machine's python3 (or MME_ENGINE_PYTHON) as the worker's Python. Arguments go to bench:torch. The results
# (torch.json, the log) land in $OUT when set (the device tool), else bench/results/.
set -euo pipefail
cd "$(dirname "$0")/../.."
pack=/tmp/mme-gpu-bench
rm -rf "$pack"
mkdir -p "$pack"
python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' .gpu/torch-bench.tar.xz "$pack"
out=${OUT:-bench/results}
mkdir -p "$out"
py=${MME_ENGINE_PYTHON:-$(command -v python3)}
"$py" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "gpu:", torch.cuda.is_available() and torch.cuda.get_device_name(0))'
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv || true
export MME_REPO_ROOT=$PWD MME_BENCH_ENGINE_ENTRY=$pack/engine.mjs MME_ENGINE_PYTHON=$py
set -o pipefail
"$pack/node" "$pack/bench-torch.mjs" --out "$out/torch.json" "$@" 2>&1 | tee "$out/bench-torch.log"
