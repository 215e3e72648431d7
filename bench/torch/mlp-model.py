"""
The torch bench's batching model and its floor, run with the worker's own Python.

    make   --reference fixtures/models/onnx-mlp.reference.json --out /tmp/mlp.pt
           Writes a TorchScript copy of the engine bench's ONNX MLP (512 -> 7 x 2048 -> 16, the
           weights from the formula and constants the reference file records, computed with the
           same exact FP32 operations), checks its answers against the reference (numpy's) and
           prints one JSON line: torch version, device, parameter bytes, worst error.

    floor  --model /tmp/mlp.pt --mean 7.4 --max 16 --threads 1 --seconds 5 --loops 1,2
           The worker's own forward() on batches averaging `--mean` rows (floor and ceil of it
           mixed), one batch after another, for `--seconds`: rows per second. With several
           `--loops`, that many threads at once, each with its own copy of the model (torch.jit.load
           each, as a worker that runs a model's instances on threads of their own does). The same
           intra-op threads as the worker (`--threads`, set_num_threads; one interop thread), the
           same device (CUDA when there is one), inputs on the device beforehand, the output
           copied back to the host as the worker does before it answers. Prints one JSON line.

Never checked in: the bench writes the model to a temporary folder at run time.
"""

import argparse
import json
import math
import threading
import time

import torch


class Layer(torch.nn.Module):
    """x @ W, then Relu unless it is the last layer."""

    def __init__(self, w, relu: bool):
        super().__init__()
        self.weight = torch.nn.Parameter(w, requires_grad=False)
        self.relu = relu

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.matmul(x, self.weight)
        return torch.relu(y) if self.relu else y


class Mlp(torch.nn.Module):
    def __init__(self, weights):
        super().__init__()
        self.layers = torch.nn.ModuleList([Layer(w, i < len(weights) - 1) for i, w in enumerate(weights)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x)
        return x


def weight(fan_in, fan_out, a, b, s):
    """fixtures/models/onnx-mlp's layer weight, in the graph's FP32 operations and order."""
    f32 = torch.float32
    a, b, s = (torch.tensor(v, dtype=f32) for v in (a, b, s))
    one, k1024 = torch.tensor(1.0, dtype=f32), torch.tensor(1024.0, dtype=f32)
    u = k1024 + k1024 * torch.fmod(torch.arange(fan_in, dtype=f32) * a, one)
    v = one + torch.fmod(torch.arange(fan_out, dtype=f32) * b, one)
    return (torch.fmod(u.reshape(-1, 1) * v.reshape(1, -1), one) - torch.tensor(0.5, dtype=f32)) * s


def device():
    return torch.device("cuda:0" if torch.cuda.is_available() else "cpu")


def sync(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)


def make(args):
    with open(args.reference, encoding="utf-8") as f:
        ref = json.load(f)
    spec = ref["weights"]
    widths = spec["widths"]
    layers = [weight(widths[i], widths[i + 1], spec["a"][i], spec["b"][i], spec["s"][i]) for i in range(len(widths) - 1)]
    torch.jit.script(Mlp(layers).eval()).save(args.out)
    model = torch.jit.load(args.out, map_location="cpu")
    worst = 0.0
    with torch.no_grad():
        for case in ref["cases"]:
            x = case["request"]["inputs"][0]
            want = case["response"]["outputs"][0]
            got = model(torch.tensor(x["data"], dtype=torch.float32).reshape(x["shape"])).flatten().tolist()
            largest = max(abs(v) for v in want["data"])
            worst = max(worst, max(abs(g - w) for g, w in zip(got, want["data"])) / largest)
    if not worst <= 1e-4:
        raise SystemExit(f"the TorchScript MLP is off the reference by {worst} of the largest output")
    dev = device()
    print(json.dumps({
        "torch": torch.__version__,
        "device": str(dev),
        "device_name": torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu",
        "widths": widths,
        "parameter_bytes": sum(w.numel() * w.element_size() for w in layers),
        "worst_relative_error": worst,
    }))


def sizes(mean, largest):
    """floor(mean) and ceil(mean) mixed so that they average `mean` (bench/engine/batch-sizes.ts)."""
    m = min(mean, largest)
    i = 0
    while True:
        yield math.floor((i + 1) * m + 0.5) - math.floor(i * m + 0.5)  # Math.round
        i += 1


def loop(model, feeds, mean, largest, seconds, out, start):
    dev = next(iter(feeds.values())).device
    start.wait()
    rows = 0
    t0 = time.perf_counter()
    deadline = t0 + seconds
    with torch.no_grad():
        for n in sizes(mean, largest):
            if time.perf_counter() >= deadline:
                break
            model(feeds[n]).cpu()
            sync(dev)
            rows += n
    out.append((rows, time.perf_counter() - t0))


def floor(args):
    torch.set_num_threads(max(1, args.threads))
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    dev = device()
    sizes_used = sorted({max(1, min(args.max, s)) for s in (math.floor(args.mean), math.ceil(args.mean))})
    results = {}
    for loops in [int(n) for n in args.loops.split(",")]:
        models = [torch.jit.load(args.model, map_location=dev).eval() for _ in range(loops)]
        feeds = {n: torch.full((n, args.width), 0.25, dtype=torch.float32, device=dev) for n in sizes_used}
        with torch.no_grad():  # first runs of each shape, untimed
            for m in models:
                for n in sizes_used:
                    m(feeds[n]).cpu()
        sync(dev)
        out = []
        start = threading.Barrier(loops)
        threads = [threading.Thread(target=loop, args=(m, feeds, args.mean, args.max, args.seconds, out, start)) for m in models]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        rows = sum(r for r, _ in out)
        results[str(loops)] = {"rows": rows, "seconds": wall, "rows_per_second": rows / wall}
        del models
    print(json.dumps({"torch": torch.__version__, "device": str(dev), "threads": torch.get_num_threads(), "mean": args.mean, "sizes": sizes_used, "loops": results}))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("--reference", required=True)
    m.add_argument("--out", required=True)
    f = sub.add_parser("floor")
    f.add_argument("--model", required=True)
    f.add_argument("--mean", type=float, required=True)
    f.add_argument("--max", type=int, required=True)
    f.add_argument("--threads", type=int, required=True)
    f.add_argument("--seconds", type=float, default=5)
    f.add_argument("--loops", default="1")
    f.add_argument("--width", type=int, default=512)
    args = ap.parse_args()
    make(args) if args.cmd == "make" else floor(args)


if __name__ == "__main__":
    main()
