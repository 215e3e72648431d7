"""
The local engine's PyTorch worker: runs TorchScript models for the engine's torch backend.

One process per device (the CPU, or one GPU), started and supervised by the engine
(torch-supervisor.ts). It speaks length-prefixed frames on stdin/stdout (frame-codec.ts):

    u32 LE header length | u32 LE body length | header (UTF-8 JSON) | body (raw tensor bytes)

Tensor data is never JSON: the header lists each tensor's dtype, shape and byte count, and the
body holds their bytes back to back, little-endian, row-major. Requests carry an `id` that the
answer repeats; requests are served one at a time, in order (one device, one stream).

    ready   (sent once, unasked)  torch version, device, CUDA, device count, total memory
    load    {model, path}         -> {memory_bytes, memory_source, num_inputs}
    unload  {model}               -> {}
    infer   {model, inputs, want} -> {outputs}   inputs/outputs: [{dtype, shape, nbytes}] + body
    stats   {}                    -> {allocated, reserved, total, utilization, models}

Only the standard library and torch: no numpy, so it runs wherever Debian's python3-torch does.
Anything a model prints goes to stderr (the engine logs it); stdout carries frames only.
"""

import argparse
import ctypes
import gc
import json
import os
import signal
import struct
import sys
import traceback

# The protocol's stdout is a private copy of fd 1; fd 1 itself then points at stderr, so a
# stray print() (ours, torch's or a model's) can never corrupt a frame.
_PROTO_OUT = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)
sys.stdout = sys.stderr
_PROTO_IN = os.fdopen(os.dup(0), "rb")

# Imported after the redirect: importing torch may print warnings.
try:
    import torch
except Exception as err:  # noqa: BLE001 - any import failure means no PyTorch here
    sys.stderr.write(f"torch_worker: cannot import torch: {type(err).__name__}: {err}\n")
    sys.exit(3)

HEADER = struct.Struct("<II")

# KServe v2 datatypes and torch's dtypes for them. torch 1.13 has no uint16/32/64 tensors.
DTYPES = {
    "BOOL": torch.bool,
    "UINT8": torch.uint8,
    "INT8": torch.int8,
    "INT16": torch.int16,
    "INT32": torch.int32,
    "INT64": torch.int64,
    "FP16": torch.float16,
    "BF16": torch.bfloat16,
    "FP32": torch.float32,
    "FP64": torch.float64,
}
V2_OF = {v: k for k, v in DTYPES.items()}


class RequestError(Exception):
    """A request the model refused (bad input for it, an error inside forward): 'input'."""


class LoadError(Exception):
    """A file torch cannot load: the model's fault, answered without a traceback in the log."""


def read_exact(n):
    chunks = []
    while n > 0:
        chunk = _PROTO_IN.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame():
    prefix = read_exact(HEADER.size)
    if prefix is None:
        return None, None
    header_len, body_len = HEADER.unpack(prefix)
    header = read_exact(header_len)
    body = read_exact(body_len) if body_len else b""
    if header is None or body is None:
        return None, None
    return json.loads(header.decode("utf-8")), body


def write_frame(header, body_parts=()):
    data = json.dumps(header, separators=(",", ":")).encode("utf-8")
    body_len = sum(len(p) for p in body_parts)
    _PROTO_OUT.write(HEADER.pack(len(data), body_len))
    _PROTO_OUT.write(data)
    for part in body_parts:
        _PROTO_OUT.write(part)
    _PROTO_OUT.flush()


def tensor_bytes(t):
    """The raw bytes of a tensor, copied from its memory (ctypes: no numpy needed)."""
    t = t.detach().to("cpu").contiguous()
    n = t.numel() * t.element_size()
    return ctypes.string_at(t.data_ptr(), n) if n else b""


def tensor_from(spec, buf, device):
    dtype = DTYPES.get(spec["dtype"])
    if dtype is None:
        raise RequestError(f"the PyTorch worker cannot take {spec['dtype']} input")
    shape = [int(d) for d in spec["shape"]]
    if len(buf) == 0:
        return torch.empty(shape, dtype=dtype, device=device)
    # frombuffer shares the bytearray's memory; the bytearray is ours alone.
    t = torch.frombuffer(bytearray(buf), dtype=dtype).reshape(shape)
    return t.to(device) if device.type != "cpu" else t


def module_bytes(module):
    """The bytes of a module's parameters and buffers, each storage counted once."""
    seen = set()
    total = 0
    for t in list(module.parameters()) + list(module.buffers()):
        key = (t.data_ptr(), t.numel())
        if key in seen:
            continue
        seen.add(key)
        total += t.numel() * t.element_size()
    return total


def forward_arity(module):
    """How many inputs forward() takes (self aside), or None when TorchScript does not say."""
    try:
        args = module.forward.schema.arguments
    except Exception:  # noqa: BLE001 - older scripted modules may have no schema
        return None
    return max(0, len(args) - 1)


class Worker:
    def __init__(self, device):
        self.device = device
        self.cuda = device.type == "cuda"
        self.models = {}
        self.bytes = {}

    def sync(self):
        if self.cuda:
            torch.cuda.synchronize(self.device)

    def load(self, req):
        model_id, path = req["model"], req["path"]
        if model_id in self.models:
            return {"memory_bytes": self.bytes[model_id], "memory_source": "measured", "num_inputs": forward_arity(self.models[model_id])}
        self.sync()
        before = torch.cuda.memory_allocated(self.device) if self.cuda else 0
        try:
            module = torch.jit.load(path, map_location=self.device)
        except Exception as err:  # noqa: BLE001 - torch raises many kinds for a bad file
            raise LoadError(f"torch.jit.load failed: {str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__}") from err
        module.eval()
        self.sync()
        # On a GPU the allocator's own figure: what the load really took (blocks rounded up).
        # On the CPU the module's tensors, which is what grows with the model.
        used = torch.cuda.memory_allocated(self.device) - before if self.cuda else module_bytes(module)
        self.models[model_id] = module
        self.bytes[model_id] = max(0, int(used))
        return {"memory_bytes": self.bytes[model_id], "memory_source": "measured", "num_inputs": forward_arity(module)}

    def unload(self, req):
        self.models.pop(req["model"], None)
        self.bytes.pop(req["model"], None)
        if self.cuda:
            # Cached blocks go back to the device, so other processes (and the stats) see it free.
            gc.collect()
            torch.cuda.empty_cache()
        return {}

    def infer(self, req, body):
        module = self.models.get(req["model"])
        if module is None:
            raise KeyError(f"model {req['model']} is not loaded in this worker")
        inputs, offset = [], 0
        for spec in req["inputs"]:
            n = int(spec["nbytes"])
            inputs.append(tensor_from(spec, body[offset : offset + n], self.device))
            offset += n
        try:
            with torch.no_grad():
                result = module(*inputs)
            self.sync()
        except Exception as err:  # noqa: BLE001 - a failure inside forward is the request's
            raise RequestError(f"PyTorch execute failure: {str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__}") from err
        outputs = list(result) if isinstance(result, (tuple, list)) else [result]
        if not all(isinstance(t, torch.Tensor) for t in outputs):
            kinds = ", ".join(type(t).__name__ for t in outputs)
            raise RequestError(f"the model returned {kinds}; Triton's PyTorch backend takes a tensor or a tuple/list of tensors")
        want = req.get("want")
        indices = range(len(outputs)) if want is None else want
        specs, parts = [], []
        for i in indices:
            if i >= len(outputs):
                raise RequestError(f"the model returned {len(outputs)} output(s); OUTPUT__{i} does not exist")
            t = outputs[i]
            dtype = V2_OF.get(t.dtype)
            if dtype is None:
                raise RequestError(f"output {i} is {t.dtype}, which the engine cannot return")
            data = tensor_bytes(t)
            specs.append({"index": i, "dtype": dtype, "shape": list(t.shape), "nbytes": len(data)})
            parts.append(data)
        return {"outputs": specs, "count": len(outputs)}, parts

    def stats(self):
        out = {"models": len(self.models), "accounted": sum(self.bytes.values())}
        if self.cuda:
            out["allocated"] = torch.cuda.memory_allocated(self.device)
            out["reserved"] = torch.cuda.memory_reserved(self.device)
            out["total"] = torch.cuda.get_device_properties(self.device).total_memory
            try:
                # Needs pynvml; absent, GPUUtilization is not recorded rather than made up.
                out["utilization"] = torch.cuda.utilization(self.device)
            except Exception:  # noqa: BLE001
                out["utilization"] = None
        else:
            try:
                with open("/proc/self/statm", encoding="ascii") as f:
                    out["rss"] = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except OSError:
                pass
        return out


def pick_device(name):
    if name == "auto":
        return torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def main():
    # The engine owns our lifetime: it stops us by closing stdin, after unloading our models. A
    # Ctrl-C or SIGTERM sent to the whole process group reaches us too; dying on it would look
    # like a crash to the engine, which would restart us in the middle of its own shutdown.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="auto")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    try:
        torch.set_num_threads(max(1, args.threads))
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # interop threads can only be set once, before any parallel work
    device = pick_device(args.device)
    cuda = device.type == "cuda"
    ready = {
        "id": 0,
        "op": "ready",
        "pid": os.getpid(),
        "python": sys.executable,
        "torch": torch.__version__,
        "device": str(device),
        "cuda": torch.version.cuda if cuda else None,
        "cuda_available": torch.cuda.is_available(),
        "device_count": torch.cuda.device_count() if torch.cuda.is_available() else 0,
        "device_name": torch.cuda.get_device_name(device) if cuda else "cpu",
        "total_memory": torch.cuda.get_device_properties(device).total_memory if cuda else None,
    }
    write_frame(ready)
    worker = Worker(device)
    while True:
        req, body = read_frame()
        if req is None:
            return  # the engine closed our stdin: it is stopping us
        rid = req.get("id")
        op = req.get("op")
        try:
            parts = ()
            if op == "load":
                answer = worker.load(req)
            elif op == "unload":
                answer = worker.unload(req)
            elif op == "infer":
                answer, parts = worker.infer(req, body)
            elif op == "stats":
                answer = worker.stats()
            else:
                raise ValueError(f"unknown op {op!r}")
            write_frame({"id": rid, "ok": True, **answer}, parts)
        except RequestError as err:
            write_frame({"id": rid, "ok": False, "kind": "input", "error": str(err)})
        except LoadError as err:
            write_frame({"id": rid, "ok": False, "kind": "model", "error": str(err)})
        except Exception as err:  # noqa: BLE001 - every failure is answered, the loop goes on
            traceback.print_exc(file=sys.stderr)
            write_frame({"id": rid, "ok": False, "kind": "model", "error": f"{type(err).__name__}: {err}"})


if __name__ == "__main__":
    main()
