"""
The few pieces of `tritonclient.http` that AWS's MME notebooks call, written here from the
protocol (KServe v2 JSON plus Triton's binary-data extension) so the suite needs neither
tritonclient nor its native dependencies:

    InferInput(name, shape, datatype).set_data_from_numpy(array, binary_data=True)
    InferRequestedOutput(name, binary_data=True, class_count=0)
    InferenceServerClient.generate_request_body(inputs, outputs=None, ...) -> (body, header_length | None)
    InferenceServerClient.parse_response_body(body, header_length=None, ...) -> InferResult
    InferResult.as_numpy(name), .get_output(name), .get_response()

Same names, arguments and results as tritonclient's, so the notebooks' cells run unchanged with
`import tritonclient_lite as httpclient`. The request JSON is compact and ASCII-escaped, as
tritonclient's rapidjson writes it; binary tensors follow it in input order, numeric ones as
little-endian row-major bytes, BYTES as a 4-byte little-endian length before each element.
"""

import gzip
import json
import struct
import zlib

import numpy as np

__all__ = [
    "InferInput",
    "InferRequestedOutput",
    "InferResult",
    "InferenceServerClient",
    "InferenceServerException",
    "np_to_triton_dtype",
    "triton_to_np_dtype",
]


class InferenceServerException(Exception):
    """What tritonclient raises for a request it cannot build or a response it cannot read."""

    def __init__(self, msg):
        super().__init__(msg)
        self._msg = msg

    def message(self):
        return self._msg


# Triton datatype <-> numpy dtype. BF16 has no numpy type: it travels as the high half of float32.
_TRITON_TO_NP = {
    "BOOL": np.bool_,
    "INT8": np.int8,
    "INT16": np.int16,
    "INT32": np.int32,
    "INT64": np.int64,
    "UINT8": np.uint8,
    "UINT16": np.uint16,
    "UINT32": np.uint32,
    "UINT64": np.uint64,
    "FP16": np.float16,
    "FP32": np.float32,
    "FP64": np.float64,
    "BF16": np.float32,
    "BYTES": np.object_,
}


def triton_to_np_dtype(dtype):
    return _TRITON_TO_NP.get(dtype)


def np_to_triton_dtype(np_dtype):
    """The Triton datatype of a numpy dtype (float32 is FP32, never BF16); None if it has none."""
    dt = np.dtype(np_dtype)
    if dt == np.object_ or dt.type == np.bytes_:
        return "BYTES"
    for name, np_type in _TRITON_TO_NP.items():
        if name not in ("BF16", "BYTES") and dt == np.dtype(np_type):
            return name
    return None


def _element_bytes(value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return str(value).encode("utf-8")


def _serialize_bytes(array):
    """BYTES: each element, row-major, as `<u32 length><bytes>`."""
    return b"".join(struct.pack("<I", len(b)) + b for b in (_element_bytes(v) for v in array.flatten(order="C")))


def _deserialize_bytes(buffer):
    items, offset = [], 0
    while offset < len(buffer):
        if offset + 4 > len(buffer):
            raise InferenceServerException("BYTES tensor data ends inside an element's length")
        (length,) = struct.unpack_from("<I", buffer, offset)
        offset += 4
        if offset + length > len(buffer):
            raise InferenceServerException("BYTES tensor element runs past the end of its data")
        items.append(bytes(buffer[offset : offset + length]))
        offset += length
    return np.array(items, dtype=np.object_)


def _serialize_bf16(array):
    """BF16: the high 16 bits of each float32, little-endian (truncation, as tritonclient does)."""
    as_u32 = np.ascontiguousarray(array, dtype="<f4").view("<u4")
    return (as_u32 >> 16).astype("<u2").tobytes()


def _deserialize_bf16(buffer):
    halves = np.frombuffer(buffer, dtype="<u2").astype("<u4")
    return (halves << 16).view("<f4").astype(np.float32)


class InferInput:
    """One input tensor of a request: declared name, shape and datatype, then its data."""

    def __init__(self, name, shape, datatype):
        self._name = name
        self._shape = list(shape)
        self._datatype = datatype
        self._parameters = {}
        self._data = None
        self._raw_data = None

    def name(self):
        return self._name

    def datatype(self):
        return self._datatype

    def shape(self):
        return self._shape

    def set_shape(self, shape):
        self._shape = list(shape)
        return self

    def set_data_from_numpy(self, input_tensor, binary_data=True):
        if not isinstance(input_tensor, np.ndarray):
            raise InferenceServerException("input_tensor must be a numpy array")
        actual = np_to_triton_dtype(input_tensor.dtype)
        # BF16 data is given as float32 (numpy has no bfloat16).
        if actual != ("FP32" if self._datatype == "BF16" else self._datatype):
            raise InferenceServerException(f"got unexpected datatype {actual} from numpy array, expected {self._datatype}")
        if list(input_tensor.shape) != list(self._shape):
            raise InferenceServerException(f"got unexpected numpy array shape [{', '.join(map(str, input_tensor.shape))}], expected [{', '.join(map(str, self._shape))}]")
        self._parameters.pop("shared_memory_region", None)
        self._parameters.pop("shared_memory_byte_size", None)
        self._parameters.pop("shared_memory_offset", None)
        if not binary_data:
            if self._datatype == "BF16":
                raise InferenceServerException("BF16 inputs must be sent as binary data")
            self._parameters.pop("binary_data_size", None)
            self._raw_data = None
            if self._datatype == "BYTES":
                self._data = [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in input_tensor.flatten(order="C")]
            else:
                self._data = [v.item() for v in input_tensor.flatten(order="C")]
        else:
            self._data = None
            if self._datatype == "BYTES":
                self._raw_data = _serialize_bytes(input_tensor)
            elif self._datatype == "BF16":
                self._raw_data = _serialize_bf16(input_tensor)
            else:
                self._raw_data = np.ascontiguousarray(input_tensor).tobytes()
            self._parameters["binary_data_size"] = len(self._raw_data)
        return self

    def _get_binary_data(self):
        return self._raw_data

    def _get_tensor(self):
        tensor = {"name": self._name, "shape": self._shape, "datatype": self._datatype}
        if self._parameters:
            tensor["parameters"] = self._parameters
        if self._data is not None:
            tensor["data"] = self._data
        return tensor


class InferRequestedOutput:
    """An output the request asks for, in binary or in JSON, optionally as top-k classification."""

    def __init__(self, name, binary_data=True, class_count=0):
        self._name = name
        self._parameters = {"binary_data": binary_data}
        if class_count != 0:
            self._parameters["classification"] = class_count

    def name(self):
        return self._name

    def _get_tensor(self):
        return {"name": self._name, "parameters": self._parameters}


_RESERVED_PARAMETERS = ("sequence_id", "sequence_start", "sequence_end", "priority", "binary_data_output")


def _dumps(obj):
    # rapidjson.dumps: no spaces, non-ASCII escaped.
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


class InferResult:
    """A decoded response: the JSON header and, after it, the binary outputs in the header's order."""

    def __init__(self, response, buffer=b""):
        self._result = response
        self._buffer = buffer
        self._offsets = {}
        offset = 0
        for output in response.get("outputs", []) or []:
            size = (output.get("parameters") or {}).get("binary_data_size")
            if size is not None:
                self._offsets[output["name"]] = offset
                offset += size
        if offset > len(buffer):
            raise InferenceServerException(f"the response's binary outputs declare {offset} bytes, the body has {len(buffer)} after the header")

    @classmethod
    def from_response_body(cls, response_body, verbose=False, header_length=None, content_encoding=None):
        if content_encoding == "gzip":
            response_body = gzip.decompress(response_body)
        elif content_encoding == "deflate":
            response_body = zlib.decompress(response_body)
        if header_length is None:
            return cls(json.loads(response_body))
        return cls(json.loads(response_body[:header_length]), response_body[header_length:])

    def as_numpy(self, name):
        output = self.get_output(name)
        if output is None:
            return None
        datatype = output["datatype"]
        size = (output.get("parameters") or {}).get("binary_data_size")
        if size is not None:
            start = self._offsets[name]
            chunk = self._buffer[start : start + size]
            if size == 0:
                array = np.empty(0)
            elif datatype == "BYTES":
                array = _deserialize_bytes(chunk)
            elif datatype == "BF16":
                array = _deserialize_bf16(chunk)
            else:
                array = np.frombuffer(chunk, dtype=np.dtype(triton_to_np_dtype(datatype)).newbyteorder("<"))
        elif datatype == "BYTES":
            array = np.array([v.encode("utf-8") if isinstance(v, str) else v for v in output.get("data", [])], dtype=np.object_)
        else:
            array = np.array(output.get("data", []), dtype=triton_to_np_dtype(datatype))
        return array.reshape(output["shape"])

    def get_output(self, name):
        for output in self._result.get("outputs", []) or []:
            if output.get("name") == name:
                return output
        return None

    def get_response(self):
        return self._result


class InferenceServerClient:
    """Only the two static helpers the notebooks use: the SageMaker runtime carries the bytes."""

    @staticmethod
    def generate_request_body(
        inputs,
        outputs=None,
        request_id="",
        sequence_id=0,
        sequence_start=False,
        sequence_end=False,
        priority=0,
        timeout=None,
        parameters=None,
    ):
        request = {}
        params = {}
        if request_id != "":
            request["id"] = request_id
        if sequence_id not in (0, ""):
            params["sequence_id"] = sequence_id
            params["sequence_start"] = sequence_start
            params["sequence_end"] = sequence_end
        if priority != 0:
            params["priority"] = priority
        if timeout is not None:
            params["timeout"] = timeout
        request["inputs"] = [i._get_tensor() for i in inputs]
        if outputs:
            request["outputs"] = [o._get_tensor() for o in outputs]
        else:
            # No outputs named: all of them, in binary.
            params["binary_data_output"] = True
        for key, value in (parameters or {}).items():
            if key in _RESERVED_PARAMETERS:
                raise InferenceServerException(f'Parameter "{key}" is a reserved parameter and cannot be specified.')
            params[key] = value
        if params:
            request["parameters"] = params

        header = _dumps(request).encode("ascii")
        raw = [i._get_binary_data() for i in inputs if i._get_binary_data() is not None]
        if not raw:
            return header, None
        return header + b"".join(raw), len(header)

    @staticmethod
    def parse_response_body(response_body, verbose=False, header_length=None, content_encoding=None):
        return InferResult.from_response_body(response_body, verbose, header_length, content_encoding)
