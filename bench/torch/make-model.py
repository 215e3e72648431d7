"""
Writes the torch bench's model at run time (never checked in): a TorchScript module holding
`--mb` MiB of FP32 weights, forward(x [B, 4]) -> x * scale + w[:4], so the model's size is
what the engine moves and the compute is small (the bench measures loading and serving, not
matmuls). Weights are small integers as floats: a package compresses about 4:1, far from the
package checker's 200:1 bomb ratio, and copies take little room in the engine's S3.

Then measures the same-run baseline in this Python, on the device the worker will use:
torch.jit.load of the file (p50 of 3) and forward() of one row (p50 and p99 of 200).
Prints one JSON line.

    python3 bench/torch/make-model.py --mb 256 --out /tmp/model.pt
"""

import argparse
import json
import time

import torch


class Weights(torch.nn.Module):
    def __init__(self, n):
        super().__init__()
        g = torch.Generator().manual_seed(7)
        self.w = torch.nn.Parameter(torch.randint(0, 16, (n,), generator=g).float(), requires_grad=False)
        self.scale = torch.nn.Parameter(torch.tensor(2.0), requires_grad=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.scale + self.w[:4]


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    n = max(4, int(args.mb * 1024 * 1024 / 4))
    torch.jit.script(Weights(n)).save(args.out)
    device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    loads = []
    for _ in range(3):
        if device.type == "cuda":
            torch.cuda.synchronize()
        t = time.perf_counter()
        m = torch.jit.load(args.out, map_location=device)
        if device.type == "cuda":
            torch.cuda.synchronize()
        loads.append((time.perf_counter() - t) * 1000)
    m.eval()
    x = torch.ones(1, 4, device=device)
    infers = []
    with torch.no_grad():
        for i in range(220):
            t = time.perf_counter()
            y = m(x)
            y.cpu()
            if i >= 20:
                infers.append((time.perf_counter() - t) * 1e6)
    print(json.dumps({
        "torch": torch.__version__,
        "device": str(device),
        "device_name": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "cuda": torch.version.cuda if device.type == "cuda" else None,
        "gpu_memory_bytes": torch.cuda.get_device_properties(device).total_memory if device.type == "cuda" else None,
        "raw_load_ms_p50": pct(loads, 50),
        "raw_forward_us_p50": pct(infers, 50),
        "raw_forward_us_p99": pct(infers, 99),
    }))


if __name__ == "__main__":
    main()
