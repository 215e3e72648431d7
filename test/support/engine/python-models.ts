/**
 * Small Triton Python models the Python-backend tests package on the fly (beside
 * fixtures/models/src/python-add-sub's config.pbtxt, which each replaces as it needs): each shows
 * one behaviour of the backend. Sources, not fixtures: nothing here is compared with a reference.
 */

/** Echoes initialize()'s args as one BYTES output `OUTPUT0` (a JSON string); OUTPUT1 is INPUT0. */
export const ECHO_ARGS_MODEL = `
import json
import numpy as np
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def initialize(self, args):
        self.args = dict(args)

    def execute(self, requests):
        out = []
        for request in requests:
            echo = np.array([json.dumps(self.args).encode("utf-8")], dtype=np.object_)
            x = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            out.append(pb_utils.InferenceResponse([pb_utils.Tensor("OUTPUT0", echo), pb_utils.Tensor("OUTPUT1", x)]))
        return out
`;

/** The echo model's config: OUTPUT0 is BYTES, and a parameter and an instance group to read back. */
export const ECHO_ARGS_CONFIG = `name: "python-echo"
backend: "python"
max_batch_size: 8
input [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ 4 ] } ]
output [
  { name: "OUTPUT0" data_type: TYPE_STRING dims: [ 1 ] },
  { name: "OUTPUT1" data_type: TYPE_FP32 dims: [ 4 ] }
]
instance_group [ { count: 1 kind: KIND_CPU } ]
parameters { key: "greeting" value: { string_value: "hello" } }
dynamic_batching { max_queue_delay_microseconds: 100 }
`;

/**
 * Fails as INPUT0[0] says: 1 an error response (INTERNAL), 2 one with INVALID_ARG, 3 raises in
 * execute, 4 calls another model (BLS), 5 answers FP64 where the config says FP32, 6 answers two
 * responses for one request; anything else adds and subtracts like add_sub.
 */
export const FAILING_MODEL = `
import numpy as np
import triton_python_backend_utils as pb_utils


def explode(value):
    raise ValueError(f"execute exploded on {value}")


class TritonPythonModel:
    def execute(self, requests):
        out = []
        for request in requests:
            a = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            b = pb_utils.get_input_tensor_by_name(request, "INPUT1").as_numpy()
            mode = int(a.reshape(-1)[0])
            if mode == 1:
                out.append(pb_utils.InferenceResponse(error=pb_utils.TritonError("the model refused this request")))
                continue
            if mode == 2:
                out.append(pb_utils.InferenceResponse(error=pb_utils.TritonError("INPUT0 is out of range", pb_utils.TritonError.INVALID_ARG)))
                continue
            if mode == 3:
                explode(mode)
            if mode == 4:
                other = pb_utils.InferenceRequest(model_name="python-add-sub", requested_output_names=["OUTPUT0"], inputs=[pb_utils.Tensor("INPUT0", a), pb_utils.Tensor("INPUT1", b)])
                other.exec()
            if mode == 5:
                out.append(pb_utils.InferenceResponse([pb_utils.Tensor("OUTPUT0", (a + b).astype(np.float64)), pb_utils.Tensor("OUTPUT1", a - b)]))
                continue
            if mode == 6:
                return [pb_utils.InferenceResponse([]), pb_utils.InferenceResponse([])]
            out.append(pb_utils.InferenceResponse([pb_utils.Tensor("OUTPUT0", a + b), pb_utils.Tensor("OUTPUT1", a - b)]))
        return out
`;

/** Raises in initialize(): the load fails. */
export const FAILING_INITIALIZE_MODEL = `
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def initialize(self, args):
        raise pb_utils.TritonModelException(f"cannot initialize {args['model_name']}: weights.bin is missing")

    def execute(self, requests):
        return []
`;

/**
 * A model whose answer comes from a sibling module, \`helpers.py\` (imported at load and again,
 * lazily, in execute): two packages with the same module names must each see their own.
 */
export const SIBLING_MODULE_MODEL = `
import numpy as np
import triton_python_backend_utils as pb_utils
from helpers import OFFSET


class TritonPythonModel:
    def execute(self, requests):
        import helpers
        out = []
        for request in requests:
            a = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            b = pb_utils.get_input_tensor_by_name(request, "INPUT1").as_numpy()
            out.append(pb_utils.InferenceResponse([pb_utils.Tensor("OUTPUT0", (a + OFFSET).astype(np.float32)), pb_utils.Tensor("OUTPUT1", (b + helpers.lazy()).astype(np.float32))]))
        return out
`;

export const siblingHelpers = (offset: number) => `OFFSET = ${offset}\n\n\ndef lazy():\n    return ${offset * 10}\n`;

/**
 * Logs initialize and finalize (with its model_name) to the file config.pbtxt's \`log\` parameter
 * names, holds \`megabytes\` MiB of touched memory while loaded, and adds like add_sub.
 */
export const LIFECYCLE_MODEL = `
import json
import numpy as np
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def initialize(self, args):
        self.name = args["model_name"]
        params = json.loads(args["model_config"])["parameters"]
        self.log = params["log"]["string_value"]
        self.weights = np.ones(int(params["megabytes"]["string_value"]) * 1024 * 1024 // 8)
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(f"initialize {self.name}\\n")

    def execute(self, requests):
        out = []
        for request in requests:
            a = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            b = pb_utils.get_input_tensor_by_name(request, "INPUT1").as_numpy()
            out.append(pb_utils.InferenceResponse([pb_utils.Tensor("OUTPUT0", a + b), pb_utils.Tensor("OUTPUT1", a - b)]))
        return out

    def finalize(self):
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(f"finalize {self.name}\\n")
`;

/** Needs what only a wrapper script gives it: a module on its PYTHONPATH and a variable. */
export const WRAPPED_MODEL = `
import os
import numpy as np
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def initialize(self, args):
        import wrapper_only_module
        self.offset = wrapper_only_module.OFFSET + float(os.environ["MME_TEST_WRAPPER_OFFSET"])

    def execute(self, requests):
        out = []
        for request in requests:
            a = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            b = pb_utils.get_input_tensor_by_name(request, "INPUT1").as_numpy()
            out.append(pb_utils.InferenceResponse([pb_utils.Tensor("OUTPUT0", a + self.offset), pb_utils.Tensor("OUTPUT1", b)]))
        return out
`;
