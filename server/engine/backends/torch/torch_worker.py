"""
The local engine's Python worker: runs TorchScript models (the torch backend) and Triton
Python-backend models (the python backend) for the engine.

One process per device (the CPU, or one GPU), started and supervised by the engine
(torch-supervisor.ts). It speaks length-prefixed frames on stdin/stdout (frame-codec.ts):

    u32 LE header length | u32 LE body length | header (UTF-8 JSON) | body (raw tensor bytes)

Tensor data is never JSON: the header lists each tensor's dtype, shape and byte count, and the
body holds their bytes back to back, little-endian, row-major (BYTES: each element as a u32 LE
length and its bytes, as Triton sends them). Requests carry an `id` that the answer repeats;
answers come in the order they are ready, not the order asked.

Several requests are served at once, as Triton runs each model instance on its own thread (its own
stub process for a Python model). The main thread only reads frames and hands them on:
- `load`, `unload`, `torch` (and anything unknown) run in order on one control thread, so a slow
  load never stops loaded models from answering;
- `stats` is answered at once, by the main thread;
- a Python model's instance runs import/initialize(), execute() and finalize() all on its own
  thread, as Triton's stub runs them on one (a CUDA device or sqlite connection made in
  initialize() is that thread's); the control thread waits for each instance's load in turn;
- `infer` goes to its model's queue, which the model's instance threads (one per instance,
  config.pbtxt's instance_group counts summed) take from: every instance of a model pulls from one
  queue, as in Triton, and models never wait for one another (but see python_model_host.py's
  _Scope for Python models with modules of their own).
Frames are written whole under one lock. An `unload` stops taking requests for the model, lets its
instance threads answer what is already queued, stops them, then finalizes/frees each instance.

    ready   (sent once, unasked)  pid, Python, numpy's version (null without numpy)
    torch   {}                    -> torch version, device, CUDA, device count, total memory
    load    {model, kind: "torchscript", path, instances: N}
                                  -> {memory_bytes, memory_source, num_inputs}  N copies (torch.jit.load each);
                                     memory_bytes: their measured bytes summed
    load    {model, kind: "python", path, instances: [args, ...]}
                                  -> {measured_bytes, measured_by}  one TritonPythonModel per entry (its own
                                     module, initialize(its args)); measured_bytes summed. If one fails, those
                                     made are finalized and the load fails.
    unload  {model}               -> {}   (after the requests already queued for it are answered;
                                           each Python instance's finalize() runs)
    infer   {model, inputs, want} -> {outputs, count}   TorchScript: one forward() of the body's
                                                        tensors, outputs at positions `want`
    infer   {model, requests: [{inputs, requested, request_id}, ...]}
                                  -> {responses: [{outputs} | {error, status}, ...]}
                                     Python: execute() called once with the list (the body: every
                                     request's input bytes back to back, in order); one response per
                                     request, the answer's body the successful ones' output bytes back
                                     to back. An error response fails only its request; an exception
                                     in execute() (or not one response per request) fails the frame.
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
import queue
import signal
import struct
import sys
import threading
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


_WRITE_LOCK = threading.Lock()


def write_frame(header, body_parts=()):
    """Writes one frame whole: threads answering at once never interleave their bytes."""
    data = json.dumps(header, separators=(",", ":")).encode("utf-8")
    body_len = sum(len(p) for p in body_parts)
    with _WRITE_LOCK:
        _PROTO_OUT.write(HEADER.pack(len(data), body_len))
        _PROTO_OUT.write(data)
        for part in body_parts:
            _PROTO_OUT.write(part)
        _PROTO_OUT.flush()


def respond(rid, serve):
    """Runs `serve()` (which returns the answer's fields and body parts) and writes its answer, or the error it failed with."""
    try:
        answer, parts = serve()
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
    except Exception as err:  # noqa: BLE001 - every failure is answered, the thread goes on
        traceback.print_exc(file=sys.stderr)
        write_frame({"id": rid, "ok": False, "kind": "model", "error": f"{type(err).__name__}: {err}"})


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


def module_bytes(module, block=1):
    """The bytes of a module's parameters and buffers, each storage counted once (rounded up to `block`: CUDA's allocator takes 512-byte blocks)."""
    seen = set()
    total = 0
    for t in list(module.parameters()) + list(module.buffers()):
        key = (t.data_ptr(), t.numel())
        if key in seen:
            continue
        seen.add(key)
        total += -(-(t.numel() * t.element_size()) // block) * block
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


# Put in a queue to stop the thread that takes from it (after what was queued before it).
STOP = object()


class LoadedModel:
    """
    A model loaded in this worker: its instances (TorchScript modules or PythonModels), each served
    by its own thread, all taking requests from one queue.
    """

    def __init__(self, model_id, kind, instances, answer, accounted=0):
        self.id = model_id
        self.kind = kind
        self.instances = instances
        self.answer = answer  # what the load answered, answered again to a repeated load
        self.accounted = accounted
        self.queue = queue.Queue()
        self.threads = []


class Worker:
    def __init__(self, device_arg, threads, python_backend_dir):
        self.device_arg = device_arg
        self.threads = threads
        self.python_backend_dir = python_backend_dir
        self.device = None  # a torch.device once torch is imported
        self.cuda = False
        # Loaded models by id: written by the control thread, read by the main thread (infer,
        # stats) under `lock`, which also makes "look up and queue" one step against an unload.
        self.loaded = {}
        self.lock = threading.Lock()
        self.control = queue.Queue()
        self.host = None  # python_model_host, imported with the first Python model

    # --- threads ------------------------------------------------------------------------------

    def control_loop(self):
        """The control thread: load, unload and torch, one at a time, in the order they came."""
        ops = {"load": self.load, "unload": self.unload, "torch": self.torch_info}
        while True:
            item = self.control.get()
            if item is STOP:
                return
            rid, req = item
            op = ops.get(req.get("op"))
            respond(rid, (lambda: (op(req), ())) if op else (lambda: _unknown(req)))

    def dispatch_infer(self, rid, req, body):
        """On the main thread: queues the request for its model's instances, or answers that it is not loaded."""
        with self.lock:
            model = self.loaded.get(req.get("model"))
            if model is not None:
                model.queue.put((rid, req, body))
                return
        write_frame({"id": rid, "ok": False, "kind": "model", "error": f"model {req.get('model')} is not loaded in this worker"})

    def start_instances(self, model):
        """One thread per instance, taking the model's requests until it is unloaded; registers the model."""
        for i, instance in enumerate(model.instances):
            t = threading.Thread(target=self.serve_instance, args=(model, instance), name=f"{model.id}/{i}", daemon=True)
            t.start()
            model.threads.append(t)
        with self.lock:
            self.loaded[model.id] = model

    def serve_instance(self, model, instance):
        infer = self.infer_python if model.kind == "python" else self.infer_torchscript
        while True:
            item = model.queue.get()
            if item is STOP:
                return
            rid, req, body = item
            try:
                respond(rid, lambda: infer(instance, req, body))
            except Exception:  # noqa: BLE001 - a frame that cannot be written (the engine is gone): keep serving
                traceback.print_exc(file=sys.stderr)

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
            device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
        else:
            device = torch.device(self.device_arg)
        # `cuda` last: stats(), on the main thread, reads the device once it sees `cuda`.
        self.device = device
        self.cuda = device.type == "cuda"

    def torch_info(self, _req=None):
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

    # --- loading (control thread) -------------------------------------------------------------

    def load(self, req):
        existing = self.loaded.get(req["model"])
        if existing is not None:
            return existing.answer
        if req.get("kind") == "python":
            return self.load_python(req)
        return self.load_torchscript(req)

    def load_torchscript(self, req):
        self.ensure_torch()
        model_id, path = req["model"], req["path"]
        count = max(1, int(req.get("instances") or 1))
        self.sync()
        before = torch.cuda.memory_allocated(self.device) if self.cuda else 0
        modules = []
        for _ in range(count):
            try:
                module = torch.jit.load(path, map_location=self.device)
            except Exception as err:  # noqa: BLE001 - torch raises many kinds for a bad file
                raise LoadError(f"torch.jit.load failed: {first_line(err)}") from err
            module.eval()
            modules.append(module)
        self.sync()
        # On a GPU the allocator's own figure: what the loads really took (blocks rounded up,
        # constants that are neither parameters nor buffers). Other models' requests run on the
        # device meanwhile, and what they free during the loads would make it less than the
        # modules' own tensors: never less than those. On the CPU the modules' tensors, which is
        # what grows with the model. Each instance is its own copy, as each of Triton's instances
        # loads the model for itself.
        if self.cuda:
            used = max(torch.cuda.memory_allocated(self.device) - before, sum(module_bytes(m, 512) for m in modules))
        else:
            used = sum(module_bytes(m) for m in modules)
        accounted = max(0, int(used))
        answer = {"memory_bytes": accounted, "memory_source": "measured", "num_inputs": forward_arity(modules[0])}
        self.start_instances(LoadedModel(model_id, "torchscript", modules, answer, accounted))
        return answer

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
        """
        One thread per instance, each running its instance's whole life: import and initialize(),
        then execute() for the requests it takes, then finalize() at unload; as Triton's stub runs
        all three on one thread, which models rely on (a CUDA device set in initialize() is per
        thread, a sqlite connection refuses other threads). Instances start one after another, so
        each one's memory is measured alone; if one fails, those started finalize and stop.
        """
        host = self.python_host()
        model_id = req["model"]
        instances = req.get("instances") or [req["args"]]
        loaded = LoadedModel(model_id, "python", [], None)
        total, methods, failure = 0, set(), None
        for i, args in enumerate(instances):
            instance = host.PythonModel(model_id, req["path"], args, i)
            started = {"done": threading.Event()}
            t = threading.Thread(target=self.python_instance, args=(loaded, instance, started), name=f"{model_id}/{i}", daemon=True)
            t.start()
            started["done"].wait()
            if "error" in started:
                failure = started["error"]
                t.join()
                break
            loaded.instances.append(instance)
            loaded.threads.append(t)
            total += started["measured"]
            methods.add(started["method"])
        if failure is not None:
            # The instances started so far finalize on their own threads: nothing stays loaded.
            for _ in loaded.threads:
                loaded.queue.put(STOP)
            for t in loaded.threads:
                t.join()
            trim_heap()
            if isinstance(failure, host.ModelFailure):
                raise StatusError(str(failure), failure.status) from failure
            raise failure
        loaded.answer = {"measured_bytes": total, "measured_by": "+".join(sorted(methods))}
        with self.lock:
            self.loaded[model_id] = loaded
        return loaded.answer

    def python_instance(self, loaded, instance, started):
        """A Python instance's thread: load (telling `started`), serve the model's queue, finalize."""
        try:
            started["measured"], started["method"] = self.measure(instance.load)
        except BaseException as err:  # noqa: BLE001 - told to the control thread, which fails the load
            instance.finalize()
            started["error"] = err
            return
        finally:
            started["done"].set()
        try:
            self.serve_instance(loaded, instance)
        finally:
            instance.finalize()

    @staticmethod
    def measure(load):
        """
        Runs one instance's load and returns what it took, and how that was measured. What a model
        takes is what the process grew by while its module was imported and initialize() ran: on
        the device when it used CUDA through torch; else the larger of the RSS delta (native
        allocations on fresh pages) and what tracemalloc saw allocated and still held (Python
        objects and numpy arrays, even where the allocator reused pages an evicted model freed,
        which the RSS does not see). Requests other models run meanwhile are counted too when
        they still hold memory at the end: a load measures the process, not the model alone.
        """
        gc.collect()
        tracing = not tracemalloc.is_tracing()
        if tracing:
            tracemalloc.start()
        rss_before, cuda_before = rss_bytes(), cuda_allocated()
        try:
            load()
        finally:
            gc.collect()
            traced = tracemalloc.get_traced_memory()[0] if tracing else 0
            if tracing:
                tracemalloc.stop()
        rss_after, cuda_after = rss_bytes(), cuda_allocated()
        if cuda_after is not None:
            # Other models' requests run on the device during the load and may free memory: never
            # less than what Python objects the load left held.
            return max(0, cuda_after - (cuda_before or 0), traced), "cuda"
        if rss_before is None or rss_after is None:
            return traced, "tracemalloc"
        grown = rss_after - rss_before
        return (grown, "rss") if grown >= traced else (traced, "tracemalloc")

    def unload(self, req):
        with self.lock:
            model = self.loaded.pop(req["model"], None)
            if model is None:
                return {}
            # Behind every request already queued: those are answered first. Nothing is queued
            # after these (the model is no longer listed for dispatch_infer).
            for _ in model.threads:
                model.queue.put(STOP)
        for t in model.threads:
            t.join()
        instances, model.instances = model.instances, []
        if model.kind == "python":
            # Each instance's thread ran its finalize() before it ended.
            del instances
            trim_heap()
            return {}
        del instances
        if self.cuda:
            # Cached blocks go back to the device, so other processes (and the stats) see it free.
            gc.collect()
            torch.cuda.empty_cache()
        return {}

    # --- inference (instance threads) ---------------------------------------------------------

    def infer_python(self, model, req, body):
        host = self.host
        view = memoryview(body)
        results, batch, offset = [], [], 0
        for r in req["requests"]:
            n = sum(int(spec["nbytes"]) for spec in r["inputs"])
            try:
                inputs = host.read_inputs(r["inputs"], view[offset : offset + n])
                batch.append((len(results), (inputs, r.get("requested") or [], r.get("request_id") or "")))
                results.append(None)
            except Exception as err:  # noqa: BLE001 - an input the worker cannot read fails its request alone
                results.append(err if isinstance(err, host.ModelFailure) else host.ModelFailure(f"{type(err).__name__}: {err}", 400))
            offset += n
        if batch:
            try:
                answers = model.execute([request for _, request in batch])
            except host.ModelFailure as err:
                raise StatusError(str(err), err.status) from err
            for (i, _), answer in zip(batch, answers):
                results[i] = answer
        responses, parts = [], []
        for result in results:
            if isinstance(result, host.ModelFailure):
                responses.append({"error": str(result), "status": 500 if result.status is None else result.status})
            else:
                specs, data = result
                responses.append({"outputs": specs})
                parts.extend(data)
        return {"responses": responses}, parts

    def infer_torchscript(self, module, req, body):
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

    # --- stats (main thread) ------------------------------------------------------------------

    def stats(self):
        with self.lock:
            models = list(self.loaded.values())
        python = sum(1 for m in models if m.kind == "python")
        out = {"models": len(models), "pythonModels": python, "accounted": sum(m.accounted for m in models)}
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


def _unknown(req):
    raise ValueError(f"unknown op {req.get('op')!r}")


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
    control = threading.Thread(target=worker.control_loop, name="control", daemon=True)
    control.start()
    while True:
        req, body = read_frame()
        if req is None:
            break  # the engine closed our stdin: it is stopping us
        rid = req.get("id")
        op = req.get("op")
        if op == "infer":
            worker.dispatch_infer(rid, req, body)
        elif op == "stats":
            respond(rid, lambda: (worker.stats(), ()))
        else:
            worker.control.put((rid, req))
    # Unloads the engine sent before closing our stdin still finish (finalize() runs); requests
    # still queued for models that stay loaded go with the process (their threads are daemons).
    worker.control.put(STOP)
    control.join()


if __name__ == "__main__":
    main()
