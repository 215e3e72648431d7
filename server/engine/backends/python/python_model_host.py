"""
Hosts Triton Python-backend models (`backend: "python"`, `<version>/model.py` defining
`class TritonPythonModel`) inside the engine's Python worker (torch_worker.py imports this
module when the first Python model loads, so a worker that only runs TorchScript never needs it).

Triton runs each model instance in its own stub process; here every instance of every model
shares one worker process, each instance on its own thread (torch_worker.py), so each gets what a
process of its own would have given it:
- its own module: model.py is loaded from its path under a unique module name per instance (two
  packages' `model.py`, `1/model.py` of two models, or two instances of one model never collide),
  and its own TritonPythonModel, initialize()d with its own args;
- its own sibling modules: while one of its methods runs, `import x` finds modules in the model's
  version folder and model folder after sys.path's (where Triton's stub appends them), and the
  modules it imported from there are its own (see _Scope for how, and when calls are serialised).
"""

import asyncio
import gc
import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import os
import struct
import sys
import threading
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


# --- where a model's imports come from ----------------------------------------------------------

# model.py's module name, per instance: `_mme_python_model_<model id>_<instance index>`.
MODULE_PREFIX = "_mme_python_model_"

# The model whose method the current thread runs (None outside a model's method).
_CURRENT = threading.local()

# Held while a model's private modules are swapped into sys.modules, and while a model loads.
_SWAP_LOCK = threading.Lock()


class _ModelFolderFinder(importlib.abc.MetaPathFinder):
    """
    Last on sys.meta_path: a top-level import that nothing on sys.path provides is looked for in
    the folders of the model the importing thread runs (version folder, then model folder), as if
    Triton's stub had appended them to sys.path. Per thread, so one model's folder is never on the
    path of another model's call running at the same time.
    """

    def find_spec(self, name, path=None, target=None):
        model = getattr(_CURRENT, "model", None)
        if model is None or path is not None:  # a submodule resolves through its package's __path__
            return None
        return importlib.machinery.PathFinder.find_spec(name, model.search_path, target)


if not any(isinstance(f, _ModelFolderFinder) for f in sys.meta_path):
    sys.meta_path.append(_ModelFolderFinder())


def _from_folder(mod, root):
    """Whether a module was loaded from under `root` (a file there, or a namespace package's folder)."""
    try:
        f = getattr(mod, "__file__", None)
        if isinstance(f, str) and f:
            return (f if os.path.isabs(f) else os.path.abspath(f)).startswith(root)
        paths = getattr(mod, "__path__", None)
        return paths is not None and not isinstance(paths, str) and bool(list(paths)) and all(os.path.abspath(p).startswith(root) for p in paths)
    except Exception:  # noqa: BLE001 - a module object with odd attributes is nobody's private module
        return False


class _Scope:
    """
    While one of a model's methods runs: its folders searched by its imports (_ModelFolderFinder)
    and its own modules in sys.modules.

    sys.modules is one dict for the whole process, and instances of several models run at once,
    each on its own thread. The rule:
    - A model whose folder gave it modules besides model.py (`helpers.py` in `private_modules`)
      needs them under their own names in sys.modules while it runs (`import helpers` inside
      execute, pickle, `sys.modules[__name__]`), where another model may have its own `helpers`.
      Its calls run under one process-wide lock (_SWAP_LOCK) with the full swap: its modules put
      in, whatever held those names saved, and on exit the modules its folder provided taken out
      again and the saved ones put back. Such models (and every instance of one) run one call at
      a time among themselves.
    - A model without private modules needs nothing swapped: its calls run concurrently with
      everything else, holding no lock (a light scope: only this thread's import folders). On
      exit, modules that its folder provided meanwhile (a first `import helpers` inside execute)
      are taken out of sys.modules into private_modules, so its later calls take the locked path.
    - Loading (importing model.py, initialize()) always takes the lock: that is when a model
      imports its folder's modules for the first time, and those must not meet a locked model's
      modules of the same name in sys.modules. A slow initialize() therefore delays the calls of
      models with private modules (never TorchScript models, nor Python models without them).
    Every instance's own module (model.py under MODULE_PREFIX, a name no other model uses) stays
    in sys.modules while it is loaded.
    What this cannot prevent: a model without private modules whose first import from its own
    folder happens inside execute() may, on that first call only, find another model's module of
    the same name if that one is in sys.modules at that very moment (being swapped in, or imported
    by a concurrent first call). Importing sibling modules at the top of model.py avoids it.
    """

    def __init__(self, model, locked=None):
        self.model = model
        self.locked = bool(model.private_modules) if locked is None else locked
        self.saved = {}
        self.previous = None

    def __enter__(self):
        m = self.model
        if self.locked:
            _SWAP_LOCK.acquire()
            for name, mod in m.private_modules.items():
                if name in sys.modules:
                    self.saved[name] = sys.modules[name]
                sys.modules[name] = mod
        self.previous = getattr(_CURRENT, "model", None)
        _CURRENT.model = m
        return self

    def __exit__(self, *exc):
        m = self.model
        _CURRENT.model = self.previous
        # A light scope sweeps under the lock too: never while a locked call (another instance of
        # the same model, whose folder is the same) has its modules swapped in.
        if not self.locked:
            _SWAP_LOCK.acquire()
        try:
            root = m.model_dir.rstrip(os.sep) + os.sep
            for name, mod in sys.modules.copy().items():
                # A module still being imported (by another instance's call of the same model,
                # running at the same time) is left for the call importing it.
                if getattr(getattr(mod, "__spec__", None), "_initializing", False):
                    continue
                if not name.startswith(MODULE_PREFIX) and _from_folder(mod, root):
                    m.private_modules[name] = mod
                    sys.modules.pop(name, None)
            sys.modules.update(self.saved)
            self.saved = {}
        finally:
            _SWAP_LOCK.release()
        return False


class PythonModel:
    """One instance of a loaded TritonPythonModel: its module, its TritonPythonModel, and how it is called."""

    def __init__(self, model_id, path, args, index=0):
        self.path = os.path.abspath(path)
        self.version_dir = os.path.dirname(self.path)
        self.model_dir = os.path.dirname(self.version_dir)
        self.args = args
        self.name = args.get("model_name", "")
        self.instance_name = args.get("model_instance_name", self.name)
        self.module_name = f"{MODULE_PREFIX}{model_id}_{index}"
        self.search_path = [self.version_dir, self.model_dir]
        self.private_modules = {}
        self.instance = None

    def load(self):
        """Imports model.py and runs initialize(args); a failure is the load's (ModelFailure)."""
        try:
            with _Scope(self, locked=True):
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

    def execute(self, requests):
        """
        Runs execute() once with every request (each `(inputs, requested, request_id)`), as
        Triton's Python backend hands it the dynamic batcher's batch. Returns one result per
        request, in order: `(specs, parts)` (the response's requested outputs) or a ModelFailure
        (that request's error response). Raises ModelFailure when the whole execution failed (an
        exception, or not one InferenceResponse per request): every request fails with it.
        """
        batch = [
            pb_utils.InferenceRequest(
                model_name=self.name,
                inputs=[pb_utils.Tensor(name, arr) for name, arr in inputs],
                requested_output_names=requested,
                request_id=request_id,
            )
            for inputs, requested, request_id in requests
        ]
        prefix = f"Failed to process the request(s) for model instance '{self.instance_name}', message: "
        try:
            with _Scope(self):
                responses = self._run(self.instance.execute, batch)
        except BaseException as err:  # noqa: BLE001 - anything execute raises is the requests' failure
            raise ModelFailure(prefix + describe(err, self.model_dir), status_of(err)) from err
        if not isinstance(responses, (list, tuple)):
            raise ModelFailure(prefix + f"execute() must return a list of pb_utils.InferenceResponse, one per request; it returned {type(responses).__name__}")
        if len(responses) != len(batch):
            raise ModelFailure(
                prefix
                + "Number of InferenceResponse objects do not match the number of InferenceRequest objects. "
                + f"InferenceRequest(s) size is:{len(batch)}, and InferenceResponse(s) size is:{len(responses)}"
            )
        return [self._result(response, requested, prefix) for response, (_, requested, _) in zip(responses, requests)]

    @staticmethod
    def _result(response, requested, prefix):
        """One response as `(specs, parts)`, or the ModelFailure it fails its request with."""
        if not isinstance(response, pb_utils.InferenceResponse):
            return ModelFailure(prefix + f"execute() returned {type(response).__name__} where a pb_utils.InferenceResponse was expected")
        if response.has_error():
            err = response.error()
            return ModelFailure(err.message(), _HTTP_STATUS.get(err.code(), 400))
        specs, parts = [], []
        try:
            for tensor in response.output_tensors():
                # Triton sends only the outputs the request asked for (all of config.pbtxt's when it named none).
                if tensor.name() not in requested:
                    continue
                spec, data = output_wire(tensor)
                specs.append(spec)
                parts.append(data)
        except ModelFailure as err:
            return err
        except Exception as err:  # noqa: BLE001 - an output that cannot be sent fails its request alone
            return ModelFailure(prefix + f"{type(err).__name__}: {err}")
        return specs, parts

    def finalize(self):
        """Runs finalize() (its failure is logged: an unload always completes) and forgets the model."""
        instance, self.instance = self.instance, None
        try:
            if instance is not None and callable(getattr(instance, "finalize", None)):
                with _Scope(self):
                    self._run(instance.finalize)
        except BaseException as err:  # noqa: BLE001
            sys.stderr.write(f"python model {self.instance_name}: finalize failed: {describe(err, self.model_dir)}\n")
        self.private_modules.clear()
        sys.modules.pop(self.module_name, None)
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


def read_inputs(specs, buf):
    """One request's inputs as (name, numpy array), in the frame's order: their bytes back to back in `buf`."""
    out, offset = [], 0
    for spec in specs:
        n = int(spec["nbytes"])
        out.append((spec["name"], input_array(spec, buf[offset : offset + n])))
        offset += n
    return out
