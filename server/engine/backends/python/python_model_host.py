"""
Hosts Triton Python-backend models (`backend: "python"`, `<version>/model.py` defining
`class TritonPythonModel`) inside the engine's Python worker (torch_worker.py imports this
module when the first Python model loads, so a worker that only runs TorchScript never needs it).

Triton runs each model instance in its own stub process; here several models share one worker,
so each gets what a process of its own would have given it:
- its own module: model.py is loaded from its path under a unique module name (two packages'
  `model.py`, or `1/model.py` of two models, never collide);
- its own sibling modules: while one of its methods runs, the model's version folder and model
  folder are on sys.path (appended, as Triton's stub does) and the modules it imported from its
  folder are in sys.modules; afterwards they are taken out again, so another model's `utils.py`
  is never mistaken for this one's.
The worker serves one request at a time, so swapping sys.path and sys.modules is safe.
"""

import asyncio
import gc
import importlib.util
import inspect
import os
import struct
import sys
import traceback

import numpy as np
import triton_python_backend_utils as pb_utils

# KServe v2 datatypes and numpy's dtypes for them. BF16 has no numpy dtype (Triton's Python
# backend gives BF16 tensors only through DLPack) and is refused before it reaches a model.
V2_NUMPY = {
    "BOOL": np.bool_,
    "UINT8": np.uint8,
    "UINT16": np.uint16,
    "UINT32": np.uint32,
    "UINT64": np.uint64,
    "INT8": np.int8,
    "INT16": np.int16,
    "INT32": np.int32,
    "INT64": np.int64,
    "FP16": np.float16,
    "FP32": np.float32,
    "FP64": np.float64,
}
NUMPY_V2 = {np.dtype(t): v2 for v2, t in V2_NUMPY.items()}

# Triton's HTTP status for an error code (http_server.cc, HttpCodeFromError).
_HTTP_STATUS = {
    pb_utils.TritonError.INTERNAL: 500,
    pb_utils.TritonError.NOT_FOUND: 404,
    pb_utils.TritonError.UNAVAILABLE: 503,
    pb_utils.TritonError.UNSUPPORTED: 501,
    pb_utils.TritonError.UNKNOWN: 400,
    pb_utils.TritonError.INVALID_ARG: 400,
    pb_utils.TritonError.ALREADY_EXISTS: 400,
    pb_utils.TritonError.CANCELLED: 400,
}
# What the local engine cannot run: 501, like a platform it has no runtime for.
_NOT_SUPPORTED = (pb_utils.BLS_UNSUPPORTED, pb_utils.DECOUPLED_UNSUPPORTED)


class ModelFailure(Exception):
    """
    A failure the engine answers for the model, with the HTTP status Triton would give it (None:
    the engine's default for a model that does not load).
    """

    def __init__(self, message, status=500):
        super().__init__(message)
        self.status = status


def describe(err, model_dir):
    """`ValueError: boom (at 1/model.py(12): execute)`: the traceback's last line and the model's innermost frame."""
    # Triton's stub names the exception's class without its module: "TritonModelException: ...".
    text = str(err).strip()
    last = f"{type(err).__name__}: {text}" if text else type(err).__name__
    root = model_dir.rstrip(os.sep) + os.sep
    frames = [f for f in traceback.extract_tb(err.__traceback__) if os.path.abspath(f.filename).startswith(root)]
    if not frames:
        return last
    f = frames[-1]
    return f"{last} (at {os.path.relpath(f.filename, model_dir)}({f.lineno}): {f.name})"


def status_of(err, default=500):
    if isinstance(err, pb_utils.TritonModelException) and str(err) in _NOT_SUPPORTED:
        return 501
    return default


def read_bytes_tensor(buf, count):
    """Triton's BYTES wire form (u32 LE length, bytes; per element) as a flat list of bytes."""
    items, offset = [], 0
    view = memoryview(buf)
    for _ in range(count):
        if offset + 4 > len(view):
            raise ModelFailure("a BYTES input is shorter than its shape says", 400)
        (n,) = struct.unpack_from("<I", view, offset)
        offset += 4
        items.append(bytes(view[offset : offset + n]))
        offset += n
    return items


def input_array(spec, buf):
    dtype, shape = spec["dtype"], [int(d) for d in spec["shape"]]
    count = int(np.prod(shape)) if shape else 1
    if dtype == "BYTES":
        arr = np.empty(count, dtype=np.object_)
        arr[:] = read_bytes_tensor(buf, count)
        return arr.reshape(shape)
    np_type = V2_NUMPY.get(dtype)
    if np_type is None:
        raise ModelFailure(f"the local engine's Python backend cannot take {dtype} input '{spec['name']}'", 400)
    # A copy the model may write to, as a Triton input's numpy array is.
    return np.frombuffer(bytearray(buf), dtype=np.dtype(np_type).newbyteorder("<")).reshape(shape)


def output_wire(tensor):
    """A pb_utils.Tensor as a frame's entry and bytes (little-endian, row-major)."""
    arr = tensor.as_numpy()
    if arr.dtype == np.object_ or arr.dtype.type == np.bytes_:
        data = pb_utils.serialize_byte_tensor(arr).tobytes()
        return {"name": tensor.name(), "dtype": "BYTES", "shape": list(arr.shape), "nbytes": len(data)}, data
    v2 = NUMPY_V2.get(arr.dtype.newbyteorder("="))
    if v2 is None:
        raise ModelFailure(f"output '{tensor.name()}' has numpy dtype {arr.dtype}, which the engine cannot return")
    data = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<")).tobytes()
    return {"name": tensor.name(), "dtype": v2, "shape": list(arr.shape), "nbytes": len(data)}, data


class _Scope:
    """While a model's method runs: its folders on sys.path and its own modules in sys.modules."""

    def __init__(self, model):
        self.model = model
        self.saved = {}

    def __enter__(self):
        m = self.model
        for d in m.search_path:
            sys.path.append(d)
        for name, mod in m.private_modules.items():
            if name in sys.modules:
                self.saved[name] = sys.modules[name]
            sys.modules[name] = mod
        return self

    def __exit__(self, *exc):
        m = self.model
        for d in m.search_path:
            try:
                sys.path.remove(d)
            except ValueError:
                pass
        root = m.model_dir.rstrip(os.sep) + os.sep
        for name, mod in list(sys.modules.items()):
            f = getattr(mod, "__file__", None)
            if (f and os.path.abspath(f).startswith(root)) or name == m.module_name:
                m.private_modules[name] = mod
                del sys.modules[name]
        sys.modules.update(self.saved)
        self.saved = {}
        return False


class PythonModel:
    """One loaded TritonPythonModel: its module, its instance, and how it is called."""

    def __init__(self, model_id, path, args):
        self.path = os.path.abspath(path)
        self.version_dir = os.path.dirname(self.path)
        self.model_dir = os.path.dirname(self.version_dir)
        self.args = args
        self.name = args.get("model_name", "")
        self.instance_name = args.get("model_instance_name", self.name)
        self.module_name = f"_mme_python_model_{model_id}"
        self.search_path = [self.version_dir, self.model_dir]
        self.private_modules = {}
        self.instance = None

    def load(self):
        """Imports model.py and runs initialize(args); a failure is the load's (ModelFailure)."""
        try:
            with _Scope(self):
                spec = importlib.util.spec_from_file_location(self.module_name, self.path)
                module = importlib.util.module_from_spec(spec)
                sys.modules[self.module_name] = module
                spec.loader.exec_module(module)
                cls = getattr(module, "TritonPythonModel", None)
                if cls is None:
                    raise ModelFailure(f"{os.path.relpath(self.path, self.model_dir)} defines no class TritonPythonModel", None)
                instance = cls()
                if not callable(getattr(instance, "execute", None)):
                    raise ModelFailure("TritonPythonModel has no execute(self, requests) method", None)
                if callable(getattr(instance, "initialize", None)):
                    self._run(instance.initialize, self.args)
                self.instance = instance
        except ModelFailure:
            raise
        except BaseException as err:  # noqa: BLE001 - SystemExit from a model is its failure too
            raise ModelFailure(f"Failed to initialize Python stub: {describe(err, self.model_dir)}", status_of(err, None)) from err

    def execute(self, inputs, requested, request_id):
        """Runs execute([request]); returns the response's requested outputs as (specs, parts)."""
        request = pb_utils.InferenceRequest(
            model_name=self.name,
            inputs=[pb_utils.Tensor(name, arr) for name, arr in inputs],
            requested_output_names=requested,
            request_id=request_id,
        )
        prefix = f"Failed to process the request(s) for model instance '{self.instance_name}', message: "
        try:
            with _Scope(self):
                responses = self._run(self.instance.execute, [request])
        except BaseException as err:  # noqa: BLE001 - anything execute raises is the request's failure
            raise ModelFailure(prefix + describe(err, self.model_dir), status_of(err)) from err
        if not isinstance(responses, (list, tuple)):
            raise ModelFailure(prefix + f"execute() must return a list of pb_utils.InferenceResponse, one per request; it returned {type(responses).__name__}")
        if len(responses) != 1:
            raise ModelFailure(
                prefix
                + "Number of InferenceResponse objects do not match the number of InferenceRequest objects. "
                + f"InferenceRequest(s) size is:1, and InferenceResponse(s) size is:{len(responses)}"
            )
        response = responses[0]
        if not isinstance(response, pb_utils.InferenceResponse):
            raise ModelFailure(prefix + f"execute() returned {type(response).__name__} where a pb_utils.InferenceResponse was expected")
        if response.has_error():
            err = response.error()
            raise ModelFailure(err.message(), _HTTP_STATUS.get(err.code(), 400))
        specs, parts = [], []
        for tensor in response.output_tensors():
            # Triton sends only the outputs the request asked for (all of config.pbtxt's when it named none).
            if tensor.name() not in requested:
                continue
            spec, data = output_wire(tensor)
            specs.append(spec)
            parts.append(data)
        return specs, parts

    def finalize(self):
        """Runs finalize() (its failure is logged: an unload always completes) and forgets the model."""
        instance, self.instance = self.instance, None
        try:
            if instance is not None and callable(getattr(instance, "finalize", None)):
                with _Scope(self):
                    self._run(instance.finalize)
        except BaseException as err:  # noqa: BLE001
            sys.stderr.write(f"python model {self.name}: finalize failed: {describe(err, self.model_dir)}\n")
        self.private_modules.clear()
        del instance
        gc.collect()

    @staticmethod
    def _run(method, *args):
        result = method(*args)
        # An `async def` method (Triton allows it for execute): run it to completion.
        if inspect.isawaitable(result):
            result = asyncio.run(_awaited(result))
        return result


async def _awaited(awaitable):
    return await awaitable


def read_inputs(specs, body):
    """The request's inputs as (name, numpy array), in the frame's order."""
    out, offset = [], 0
    for spec in specs:
        n = int(spec["nbytes"])
        out.append((spec["name"], input_array(spec, body[offset : offset + n])))
        offset += n
    return out
