#!/usr/bin/env bash
# Packs `npm run bench:torch` to run where the project's node_modules, tsx and the network are not:
# the GPU machine, which has Python with CUDA PyTorch but no Node, and takes at most 64 MiB of
# files. Writes .gpu/torch-bench.tar.xz (about 40 MB): this machine's node binary, the engine and
# bench:torch bundled by esbuild, the native modules they load (better-sqlite3, onnxruntime-node
# and what those require) and the worker script. bench/torch/gpu-run.sh unpacks and runs it there:
#
#   bash bench/torch/pack-gpu-bench.sh
#   device run, carry [".gpu"]:  bash bench/torch/gpu-run.sh --copies 200 --model-mb 256 --requests 5000
set -euo pipefail
cd "$(dirname "$0")/../.."
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# ESM bundles; the CommonJS packages inside them (the AWS SDK) still call require for Node's own modules.
banner="import { createRequire as __mmeCreateRequire } from 'node:module'; const require = __mmeCreateRequire(import.meta.url);"
bundle() {
  node_modules/.bin/esbuild "$1" --bundle --platform=node --format=esm --target=node20 --tsconfig=tsconfig.json --log-level=warning \
    --external:better-sqlite3 --external:onnxruntime-node --banner:js="$banner" --outfile="$2"
}
bundle server/engine/main.ts "$stage/engine.mjs"
bundle bench/torch/run.ts "$stage/bench-torch.mjs"
# The engine finds its worker beside its own module file.
cp server/engine/backends/torch/torch_worker.py "$stage/"

copy() { # copy <package> <paths inside it...>: only what is loaded at run time
  local pkg=$1
  shift
  mkdir -p "$stage/node_modules/$pkg"
  for p in package.json "$@"; do
    mkdir -p "$(dirname "$stage/node_modules/$pkg/$p")"
    cp -R "node_modules/$pkg/$p" "$stage/node_modules/$pkg/$p"
  done
}
copy better-sqlite3 lib build/Release/better_sqlite3.node
copy bindings bindings.js
copy file-uri-to-path index.js
copy onnxruntime-node dist "bin/napi-v6/linux/x64"
copy onnxruntime-common dist

cp "$(readlink -f "$(command -v node)")" "$stage/node"
mkdir -p .gpu
tar -C "$stage" -cf - . | xz -T0 -6 >.gpu/torch-bench.tar.xz.tmp
mv .gpu/torch-bench.tar.xz.tmp .gpu/torch-bench.tar.xz
echo "wrote .gpu/torch-bench.tar.xz ($(du -h .gpu/torch-bench.tar.xz | cut -f1)); node $(node --version)"
