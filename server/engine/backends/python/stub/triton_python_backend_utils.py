"""
The local engine's `triton_python_backend_utils`: what a Triton Python-backend model imports as
`pb_utils`, for models run by the engine's Python worker (server/engine/backends/torch/torch_worker.py
hosts them; python_model_host.py calls them).

Triton's own module is a pybind extension (Tensor, InferenceRequest, InferenceResponse,
TritonError come from its stub, src/pb_stub.cc) plus pure-Python helpers
(src/resources/triton_python_backend_utils.py). This one is plain Python over numpy with the same
names, signatures and behaviour for what models use: tensors as numpy arrays (BYTES as object
arrays of `bytes`), requests, responses, errors with Triton's codes, the config helpers and the
dtype maps. Business-logic scripting (a model calling another model) is not available: the
request's exec()/async_exec() raise a TritonModelException that says so.
"""

import json
import struct
import sys

import numpy as np

BLS_UNSUPPORTED = "BLS (models calling other models) is not supported by the local engine yet"
DECOUPLED_UNSUPPORTED = "decoupled models (a response sender per request) are not supported by the local engine yet"

# Triton's DataType enum (model_config.proto), as numpy_to_triton_type returns it.
_TRITON_TYPE_OF = [
    (np.bool_, 1),
    (np.uint8, 2),
    (np.uint16, 3),
    (np.uint32, 4),
    (np.uint64, 5),
    (np.int8, 6),
    (np.int16, 7),
    (np.int32, 8),
    (np.int64, 9),
    (np.float16, 10),
    (np.float32, 11),
    (np.float64, 12),
    (np.object_, 13),
    (np.bytes_, 13),
]
_NUMPY_OF = {1: np.bool_, 2: np.uint8, 3: np.uint16, 4: np.uint32, 5: np.uint64, 6: np.int8, 7: np.int16, 8: np.int32, 9: np.int64, 10: np.float16, 11: np.float32, 12: np.float64, 13: np.object_}

TRITON_STRING_TO_NUMPY = {
    "TYPE_BOOL": bool,
    "TYPE_UINT8": np.uint8,
    "TYPE_UINT16": np.uint16,
    "TYPE_UINT32": np.uint32,
    "TYPE_UINT64": np.uint64,
    "TYPE_INT8": np.int8,
    "TYPE_INT16": np.int16,
    "TYPE_INT32": np.int32,
    "TYPE_INT64": np.int64,
    "TYPE_FP16": np.float16,
    "TYPE_FP32": np.float32,
    "TYPE_FP64": np.float64,
    "TYPE_STRING": np.object_,
}


class TritonModelException(Exception):
    """Raised by a model (or by pb_utils) to fail initialize, execute or finalize."""


class TritonError:
    """An error a model puts in an InferenceResponse; codes are TRITONSERVER_Error_Code's."""

    UNKNOWN = 0
    INTERNAL = 1
    NOT_FOUND = 2
    INVALID_ARG = 3
    UNAVAILABLE = 4
    UNSUPPORTED = 5
    ALREADY_EXISTS = 6
    CANCELLED = 7

    def __init__(self, message, code=INTERNAL):
        self._message = str(message)
        self._code = int(code)

    def message(self):
        return self._message

    def code(self):
        return self._code

    def __repr__(self):
        return f"TritonError({self._message!r}, code={self._code})"


def numpy_to_triton_type(data_type):
    try:
        kind = np.dtype(data_type).type
    except TypeError:
        return None
    for np_type, triton_type in _TRITON_TYPE_OF:
        if kind is np_type:
            return triton_type
    return None


def triton_to_numpy_type(data_type):
    return _NUMPY_OF.get(data_type)


def triton_string_to_numpy(triton_type_string):
    return TRITON_STRING_TO_NUMPY[triton_type_string]


def serialize_byte_tensor(input_tensor):
    """Triton's BYTES wire form: each element as a u32 LE length and its bytes, row-major."""
    if input_tensor.size == 0:
        return np.empty([0], dtype=np.object_)
    if input_tensor.dtype != np.object_ and input_tensor.dtype.type != np.bytes_:
        raise TritonModelException("cannot serialize bytes tensor: invalid datatype")
    parts = []
    for item in input_tensor.reshape(-1, order="C"):
        item = item.item() if isinstance(item, np.generic) else item
        b = item if isinstance(item, bytes) else str(item).encode("utf-8")
        parts.append(struct.pack("<I", len(b)))
        parts.append(b)
    return np.frombuffer(b"".join(parts), dtype=np.uint8)


def deserialize_bytes_tensor(encoded_tensor):
    """The inverse of serialize_byte_tensor: a flat object array of bytes."""
    data = encoded_tensor.tobytes() if isinstance(encoded_tensor, np.ndarray) else bytes(encoded_tensor)
    items, offset = [], 0
    while offset < len(data):
        (n,) = struct.unpack_from("<I", data, offset)
        offset += 4
        items.append(data[offset : offset + n])
        offset += n
    out = np.empty(len(items), dtype=np.object_)
    out[:] = items
    return out


class Tensor:
    """A named tensor: a numpy array on the CPU (the local engine has no GPU tensors for Python models)."""

    def __init__(self, name, data, dtype=None):
        if not isinstance(name, str) or name == "":
            raise TritonModelException("Tensor name cannot be an empty string.")
        if not isinstance(data, np.ndarray):
            raise TritonModelException(f"Tensor '{name}' takes a numpy array, not {type(data).__name__}")
        if data.dtype.kind == "U":
            # Triton's stub refuses numpy unicode arrays too: BYTES is object (bytes/str items) or np.bytes_.
            raise TritonModelException(f"Tensor '{name}' has numpy dtype {data.dtype}, which Triton cannot send: use dtype=object (or np.bytes_) for BYTES")
        if numpy_to_triton_type(data.dtype) is None:
            raise TritonModelException(f"Tensor '{name}' has numpy dtype {data.dtype}, which has no Triton datatype")
        self._name = name
        self._data = np.ascontiguousarray(data)

    def name(self):
        return self._name

    def as_numpy(self):
        return self._data

    def triton_dtype(self):
        return numpy_to_triton_type(self._data.dtype)

    def shape(self):
        return list(self._data.shape)

    def is_cpu(self):
        return True

    def to_dlpack(self):
        return self._data.__dlpack__()

    @staticmethod
    def from_dlpack(name, dlpack_tensor):
        return Tensor(name, np.from_dlpack(dlpack_tensor))

    def __repr__(self):
        return f"Tensor({self._name!r}, dtype={self._data.dtype}, shape={list(self._data.shape)})"


class InferenceRequest:
    """
    A request: what execute() receives, one per request, and what a model would build to call
    another model (business-logic scripting), which the local engine cannot run: exec() and
    async_exec() raise a TritonModelException saying so.
    """

    def __init__(
        self,
        model_name="",
        inputs=None,
        requested_output_names=None,
        request_id="",
        correlation_id=0,
        flags=0,
        timeout=0,
        model_version=-1,
        parameters=None,
        preferred_memory=None,
        trace=None,
    ):
        self._model_name = model_name
        self._inputs = list(inputs or [])
        self._requested = list(requested_output_names or [])
        self._request_id = request_id
        self._correlation_id = correlation_id
        self._flags = flags
        self._timeout = timeout
        self._model_version = model_version
        self._parameters = parameters if isinstance(parameters, str) else json.dumps(parameters or {})

    def inputs(self):
        return self._inputs

    def requested_output_names(self):
        return self._requested

    def request_id(self):
        return self._request_id

    def correlation_id(self):
        return self._correlation_id

    def flags(self):
        return self._flags

    def timeout(self):
        return self._timeout

    def model_name(self):
        return self._model_name

    def model_version(self):
        return self._model_version

    def parameters(self):
        return self._parameters

    def is_cancelled(self):
        return False

    def set_release_flags(self, flags):
        pass

    def get_response_sender(self):
        raise TritonModelException(DECOUPLED_UNSUPPORTED)

    def exec(self, decoupled=False):
        raise TritonModelException(BLS_UNSUPPORTED)

    def async_exec(self, decoupled=False):
        # Raised at the call, not at the await: asyncio.gather(*[r.async_exec() ...]) fails the same way.
        raise TritonModelException(BLS_UNSUPPORTED)


class InferenceResponse:
    """The answer to one request: output tensors, or an error (TritonError)."""

    def __init__(self, output_tensors=None, error=None, parameters=None):
        if error is not None and not isinstance(error, TritonError):
            raise TritonModelException(f"InferenceResponse error must be a TritonError, not {type(error).__name__}")
        tensors = list(output_tensors or [])
        for t in tensors:
            if not isinstance(t, Tensor):
                raise TritonModelException(f"InferenceResponse output_tensors must be pb_utils.Tensor objects, not {type(t).__name__}")
        self._tensors = tensors
        self._error = error
        self._parameters = parameters

    def output_tensors(self):
        return self._tensors

    def has_error(self):
        return self._error is not None

    def error(self):
        return self._error


def get_input_tensor_by_name(inference_request, name):
    for tensor in inference_request.inputs():
        if tensor.name() == name:
            return tensor
    return None


def get_output_tensor_by_name(inference_response, name):
    for tensor in inference_response.output_tensors():
        if tensor.name() == name:
            return tensor
    return None


def get_input_config_by_name(model_config, name):
    for entry in model_config.get("input", []):
        if entry["name"] == name:
            return entry
    return None


def get_output_config_by_name(model_config, name):
    for entry in model_config.get("output", []):
        if entry["name"] == name:
            return entry
    return None


def using_decoupled_model_transaction_policy(model_config):
    return bool(model_config.get("model_transaction_policy", {}).get("decoupled", False))


class Logger:
    """pb_utils.Logger: lines go to the worker's stderr, which the engine logs."""

    INFO, WARNING, ERROR, VERBOSE = 0, 1, 2, 3
    _NAMES = {0: "INFO", 1: "WARNING", 2: "ERROR", 3: "VERBOSE"}

    @staticmethod
    def log(message, level=0):
        sys.stderr.write(f"{Logger._NAMES.get(level, 'INFO')}: {message}\n")

    @staticmethod
    def log_info(message):
        Logger.log(message, Logger.INFO)

    @staticmethod
    def log_warn(message):
        Logger.log(message, Logger.WARNING)

    @staticmethod
    def log_error(message):
        Logger.log(message, Logger.ERROR)

    @staticmethod
    def log_verbose(message):
        Logger.log(message, Logger.VERBOSE)


# Request flags Triton defines (sequence batching); the local engine sends none.
TRITONSERVER_REQUEST_FLAG_SEQUENCE_START = 1
TRITONSERVER_REQUEST_FLAG_SEQUENCE_END = 2
TRITONSERVER_RESPONSE_COMPLETE_FINAL = 1
TRITONSERVER_REQUEST_RELEASE_ALL = 1
TRITONSERVER_REQUEST_RELEASE_RESCHEDULE = 2
