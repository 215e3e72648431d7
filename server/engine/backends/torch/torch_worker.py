"""
The local engine's Python worker: runs TorchScript models (the torch backend) and Triton
Python-backend models (the python backend) for the engine.

One process per device (the CPU, or one GPU), started and supervised by the engine
(torch-supervisor.ts). It speaks length-prefixed frames on stdin/stdout (frame-codec.ts):

    u32 LE header length | u32 LE body length | header (UTF-8 JSON) | body (raw tensor bytes)

Tensor data is never JSON: the header lists each tensor's dtype, shape and byte count, and the
body holds their bytes back to back, little-endian, row-major (BYTES: each element as a u32 LE
length and its bytes, as Triton sends them). Requests carry an `id` that the answer repeats;
requests are served one at a time, in order (one device, one stream).

    ready   (sent once, unasked)  pid, Python, numpy's version (null without numpy)
    torch   {}                    -> torch version, device, CUDA, device count, total memory
    load    {model, kind: "torchscript", path}        -> {memory_bytes, memory_source, num_inputs}
    load    {model, kind: "python", path, args}       -> {measured_bytes, measured_by}
    unload  {model}               -> {}   (a Python model's finalize() runs first)
    infer   {model, inputs, want}       -> {outputs, count}  TorchScript: outputs at positions `want`
    infer   {model, inputs, requested}  -> {outputs}         Python: the response's requested outputs
    stats   {}                    -> {models, pythonModels, allocated, reserved, total, utilization | rss}

torch is imported only when a TorchScript model loads (or `torch` is asked), so Python models run
on a Python with numpy and no torch; numpy is imported at start when present, so the first Python
model's measured memory does not include it. Anything a model prints goes to stderr (the engine
logs it); stdout carries frames only.
"""

import argparse
import ctypes
import gc
import importlib.util
import json
import os
import signal
import struct
import sys
import traceback
import tracemalloc

# The protocol's stdout is a private copy of fd 1; fd 1 itself then points at stderr, so a
# stray print() (ours, torch's or a model's) can never corrupt a frame.
_PROTO_OUT = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)
sys.stdout = sys.stderr
_PROTO_IN = os.fdopen(os.dup(0), "rb")

try:
    import numpy  # noqa: F401 - imported now so that no Python model's memory counts it

    NUMPY_VERSION, NUMPY_ERROR = numpy.__version__, None
except Exception as err:  # noqa: BLE001 - no numpy: Python models are refused, TorchScript runs
    NUMPY_VERSION, NUMPY_ERROR = None, f"{type(err).__name__}: {err}"

HEADER = struct.Struct("<II")

torch = None  # imported by Worker.ensure_torch()
DTYPES = {}
V2_OF = {}


class RequestError(Exception):
    """A request the model refused (bad input for it, an error inside forward): 'input'."""


class LoadError(Exception):
    """A file torch cannot load: the model's fault, answered without a traceback in the log."""


class TorchImportError(Exception):
    """torch is not there, or does not import: answered as kind 'torch'."""


class StatusError(Exception):
    """A Python model's failure with the HTTP status Triton gives it: kind 'model', its status."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


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


def first_line(err):
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def rss_bytes():
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None


def trim_heap():
    """Gives the heap's free pages back to the system (glibc), so an unloaded model's memory leaves the RSS."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):
        pass  # not glibc


def cuda_allocated():
    """Bytes torch's CUDA allocator holds in this process, or None when CUDA is not in use here."""
    t = sys.modules.get("torch")
    if t is None:
        return None
    try:
        if not t.cuda.is_available() or not t.cuda.is_initialized():
            return None
        return sum(t.cuda.memory_allocated(i) for i in range(t.cuda.device_count()))
    except Exception:  # noqa: BLE001
        return None


class Worker:
    def __init__(self, device_arg, threads, python_backend_dir):
        self.device_arg = device_arg
        self.threads = threads
        self.python_backend_dir = python_backend_dir
        self.device = None  # a torch.device once torch is imported
        self.cuda = False
        self.models = {}  # TorchScript modules
        self.bytes = {}
        self.python_models = {}
        self.host = None  # python_model_host, imported with the first Python model

    # --- torch, imported on first use ---------------------------------------------------------

    def ensure_torch(self):
        global torch, DTYPES, V2_OF
        if self.device is not None:
            return
        try:
            import torch as imported
        except Exception as err:  # noqa: BLE001 - any import failure means no PyTorch here
            raise TorchImportError(f"cannot import torch: {type(err).__name__}: {err}") from err
        torch = imported
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
        try:
            torch.set_num_threads(max(1, self.threads))
            torch.set_num_interop_threads(1)
        except RuntimeError:
            pass  # interop threads can only be set once, before any parallel work
        if self.device_arg == "auto":
            self.device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
        else:
            self.device = torch.device(self.device_arg)
        self.cuda = self.device.type == "cuda"

    def torch_info(self):
        self.ensure_torch()
        cuda = self.cuda
        return {
            "torch": torch.__version__,
            "device": str(self.device),
            "cuda": torch.version.cuda if cuda else None,
            "cuda_available": torch.cuda.is_available(),
            "device_count": torch.cuda.device_count() if torch.cuda.is_available() else 0,
            "device_name": torch.cuda.get_device_name(self.device) if cuda else "cpu",
            "total_memory": torch.cuda.get_device_properties(self.device).total_memory if cuda else None,
        }

    def sync(self):
        if self.cuda:
            torch.cuda.synchronize(self.device)

    # --- loading ------------------------------------------------------------------------------

    def load(self, req):
        if req.get("kind") == "python":
            return self.load_python(req)
        return self.load_torchscript(req)

    def load_torchscript(self, req):
        self.ensure_torch()
        model_id, path = req["model"], req["path"]
        if model_id in self.models:
            return {"memory_bytes": self.bytes[model_id], "memory_source": "measured", "num_inputs": forward_arity(self.models[model_id])}
        self.sync()
        before = torch.cuda.memory_allocated(self.device) if self.cuda else 0
        try:
            module = torch.jit.load(path, map_location=self.device)
        except Exception as err:  # noqa: BLE001 - torch raises many kinds for a bad file
            raise LoadError(f"torch.jit.load failed: {first_line(err)}") from err
        module.eval()
        self.sync()
        # On a GPU the allocator's own figure: what the load really took (blocks rounded up).
        # On the CPU the module's tensors, which is what grows with the model.
        used = torch.cuda.memory_allocated(self.device) - before if self.cuda else module_bytes(module)
        self.models[model_id] = module
        self.bytes[model_id] = max(0, int(used))
        return {"memory_bytes": self.bytes[model_id], "memory_source": "measured", "num_inputs": forward_arity(module)}

    def python_host(self):
        if self.host is None:
            if NUMPY_VERSION is None:
                raise StatusError(f"Python models need numpy, which {sys.executable} cannot import ({NUMPY_ERROR})", 501)
            sys.path.insert(0, os.path.join(self.python_backend_dir, "stub"))
            spec = importlib.util.spec_from_file_location("_mme_python_model_host", os.path.join(self.python_backend_dir, "python_model_host.py"))
            host = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(host)
            self.host = host
        return self.host

    def load_python(self, req):
        host = self.python_host()
        model_id = req["model"]
        if model_id in self.python_models:
            return {"measured_bytes": 0, "measured_by": "rss"}
        model = host.PythonModel(model_id, req["path"], req["args"])
        # What the model takes is what the process grew by while its module was imported and
        # initialize() ran: on the device when it used CUDA through torch; else the larger of the
        # RSS delta (native allocations on fresh pages) and what tracemalloc saw allocated and
        # still held (Python objects and numpy arrays, even where the allocator reused pages an
        # evicted model freed, which the RSS does not see).
        gc.collect()
        tracing = not tracemalloc.is_tracing()
        if tracing:
            tracemalloc.start()
        rss_before, cuda_before = rss_bytes(), cuda_allocated()
        try:
            model.load()
        except host.ModelFailure as err:
            model.finalize()
            raise StatusError(str(err), err.status) from err
        finally:
            gc.collect()
            traced = tracemalloc.get_traced_memory()[0] if tracing else 0
            if tracing:
                tracemalloc.stop()
        rss_after, cuda_after = rss_bytes(), cuda_allocated()
        self.python_models[model_id] = model
        if cuda_after is not None:
            return {"measured_bytes": cuda_after - (cuda_before or 0), "measured_by": "cuda"}
        if rss_before is None or rss_after is None:
            return {"measured_bytes": traced, "measured_by": "tracemalloc"}
        return {"measured_bytes": max(rss_after - rss_before, traced), "measured_by": "rss" if rss_after - rss_before >= traced else "tracemalloc"}

    def unload(self, req):
        model = self.python_models.pop(req["model"], None)
        if model is not None:
            model.finalize()
            trim_heap()
            return {}
        self.models.pop(req["model"], None)
        self.bytes.pop(req["model"], None)
        if self.cuda:
            # Cached blocks go back to the device, so other processes (and the stats) see it free.
            gc.collect()
            torch.cuda.empty_cache()
        return {}

    # --- inference ----------------------------------------------------------------------------

    def infer(self, req, body):
        model = self.python_models.get(req["model"])
        if model is not None:
            try:
                inputs = self.host.read_inputs(req["inputs"], body)
                specs, parts = model.execute(inputs, req.get("requested") or [], req.get("request_id") or "")
            except self.host.ModelFailure as err:
                raise StatusError(str(err), err.status) from err
            return {"outputs": specs}, parts
        return self.infer_torchscript(req, body)

    def infer_torchscript(self, req, body):
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
            raise RequestError(f"PyTorch execute failure: {first_line(err)}") from err
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
        out = {"models": len(self.models) + len(self.python_models), "pythonModels": len(self.python_models), "accounted": sum(self.bytes.values())}
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
            rss = rss_bytes()
            if rss is not None:
                out["rss"] = rss
        return out


def main():
    # The engine owns our lifetime: it stops us by closing stdin, after unloading our models. A
    # Ctrl-C or SIGTERM sent to the whole process group reaches us too; dying on it would look
    # like a crash to the engine, which would restart us in the middle of its own shutdown.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="auto")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--python-backend", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
    args = parser.parse_args()
    write_frame(
        {
            "id": 0,
            "op": "ready",
            "pid": os.getpid(),
            "python": sys.executable,
            "python_version": sys.version.split()[0],
            "numpy": NUMPY_VERSION,
            "numpy_error": NUMPY_ERROR,
        }
    )
    worker = Worker(args.device, args.threads, os.path.abspath(args.python_backend))
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
            elif op == "torch":
                answer = worker.torch_info()
            else:
                raise ValueError(f"unknown op {op!r}")
            write_frame({"id": rid, "ok": True, **answer}, parts)
        except RequestError as err:
            write_frame({"id": rid, "ok": False, "kind": "input", "error": str(err)})
        except LoadError as err:
            write_frame({"id": rid, "ok": False, "kind": "model", "error": str(err)})
        except StatusError as err:
            status = {} if err.status is None else {"status": err.status}
            write_frame({"id": rid, "ok": False, "kind": "model", **status, "error": str(err)})
        except TorchImportError as err:
            write_frame({"id": rid, "ok": False, "kind": "torch", "error": str(err)})
        except Exception as err:  # noqa: BLE001 - every failure is answered, the loop goes on
            traceback.print_exc(file=sys.stderr)
            write_frame({"id": rid, "ok": False, "kind": "model", "error": f"{type(err).__name__}: {err}"})


if __name__ == "__main__":
    main()
