"""
Replays every AWS call of AWS's sample notebook "Serve multiple BERT models with TensorRT on a
GPU MME" (amazon-sagemaker-examples,
deploy_and_monitor/sm-triton_mme_bert_trt/sm-triton_mme_bert_trt.ipynb) against the local engine,
in the notebook's order and as the notebook writes them, with stand-in models
(fixtures/models/notebooks/):

    MME_ENGINE_URL=http://127.0.0.1:9470 python3 test/notebooks/bert_mme.py

What differs from the notebook, and why:
- models: bert-0.tar.gz ... bert-5.tar.gz are built and packed by the notebook's own loop
  (`tar -C model_repo_<i> -czf bert-<i>.tar.gz .`, folder bert_<i>, config `name: "bert"`) but hold
  a small ONNX model with BERT's signature, its config verbatim except `platform:
  "onnxruntime_onnx"` (the engine cannot run TensorRT). bert-trt.tar.gz keeps the notebook's real
  TensorRT config with a placeholder plan, and must fail as a ModelError.
- tokens: transformers is not installed; the sample texts' stand-in tokens come from
  bert.reference.json.
- sagemaker (the SDK) and tritonclient are stood in by sagemaker_lite and tritonclient_lite.
- the describe_endpoint loop sleeps MME_NOTEBOOK_POLL_S (1 s) instead of 60 s; the boto3 waiters
  endpoint_in_service and endpoint_deleted, the TensorRT package, the AWS CLI and CloudWatch reads
  are added checks.
Prints one JSON line per step; exits 1 when a step failed.
"""

import hashlib
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from replay import (  # noqa: E402
    NOTEBOOK_ROLE,
    Detail,
    Engine,
    InvocationLog,
    Replay,
    aws_cli,
    check_default_bucket,
    cli_json,
    cloudwatch_steps,
    execution_role,
    expect_cannot_run,
    expect_triton_identity,
    fallback_session,
    header_length_of,
    wait_for_endpoint_like_the_notebook,
)

ENGINE = Engine()
ENGINE.configure()

import boto3  # noqa: E402
import numpy as np  # noqa: E402

import sagemaker_lite as sagemaker  # noqa: E402
import tritonclient_lite as httpclient  # noqa: E402
from sagemaker_lite import get_execution_role  # noqa: E402

R = Replay("bert_mme")
REF = ENGINE.reference("bert.reference.json")
LOG = InvocationLog()
ENGINE.workdir("bert")

# --- cell 9 ------------------------------------------------------------------------------------
sess = boto3.Session()
sm = sess.client("sagemaker")
sagemaker_session = sagemaker.Session(boto_session=sess)
role = R.step("setup", "get_execution_role (STS GetCallerIdentity)", lambda: execution_role(ENGINE, get_execution_role))
if role is None:
    role = NOTEBOOK_ROLE.format(account=ENGINE.account)
client = LOG.watch(boto3.client("sagemaker-runtime"))
bucket = R.step("setup", "sagemaker_session.default_bucket() (STS, ListBuckets, HeadBucket)", lambda: check_default_bucket(ENGINE, sagemaker_session))
if bucket is None:
    bucket, sagemaker_session = fallback_session(ENGINE, sagemaker, sess)
default_bucket_prefix = sagemaker_session.default_bucket_prefix

# --- cells 10-12 -------------------------------------------------------------------------------
account_id_map = {
    "us-east-1": "785573368785",
    "us-east-2": "007439368137",
    "us-west-1": "710691900526",
    "us-west-2": "301217895009",
    "eu-west-1": "802834080501",
    "eu-west-2": "205493899709",
    "eu-west-3": "254080097072",
    "eu-north-1": "601324751636",
    "eu-south-1": "966458181534",
    "eu-central-1": "746233611703",
    "ap-east-1": "110948597952",
    "ap-south-1": "763008648453",
    "ap-northeast-1": "941853720454",
    "ap-northeast-2": "151534178276",
    "ap-southeast-1": "324986816169",
    "ap-southeast-2": "355873309152",
    "cn-northwest-1": "474822919863",
    "cn-north-1": "472730292857",
    "sa-east-1": "756306329178",
    "ca-central-1": "464438896020",
    "me-south-1": "836785723513",
    "af-south-1": "774647643957",
}
region = boto3.Session().region_name
if region not in account_id_map.keys():
    raise SystemExit("UNSUPPORTED REGION")
base = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
triton_image_uri = "{account_id}.dkr.ecr.{region}.{base}/sagemaker-tritonserver:23.02-py3".format(account_id=account_id_map[region], region=region, base=base)

# --- cell 15 -----------------------------------------------------------------------------------
TOKENS = {case["text"]: (case["input_ids"], case["attention_mask"]) for case in REF["cases"]}


def tokenize_text(text):
    # Stand-in for BertTokenizer.from_pretrained("bert-base-uncased")(text, padding="max_length", max_length=128).
    return TOKENS[text]


def _get_sample_tokenized_text_binary(text, input_names, output_names):
    inputs = []
    outputs = []
    inputs.append(httpclient.InferInput(input_names[0], [1, 128], "INT32"))
    inputs.append(httpclient.InferInput(input_names[1], [1, 128], "INT32"))
    indexed_tokens, attention_mask = tokenize_text(text)

    indexed_tokens = np.array(indexed_tokens, dtype=np.int32)
    indexed_tokens = np.expand_dims(indexed_tokens, axis=0)
    inputs[0].set_data_from_numpy(indexed_tokens, binary_data=True)

    attention_mask = np.array(attention_mask, dtype=np.int32)
    attention_mask = np.expand_dims(attention_mask, axis=0)
    inputs[1].set_data_from_numpy(attention_mask, binary_data=True)

    outputs.append(httpclient.InferRequestedOutput(output_names[0], binary_data=True))
    outputs.append(httpclient.InferRequestedOutput(output_names[1], binary_data=True))
    request_body, header_length = httpclient.InferenceServerClient.generate_request_body(inputs, outputs=outputs)
    return request_body, header_length


def get_sample_tokenized_text_binary_trt(text):
    return _get_sample_tokenized_text_binary(text, ["token_ids", "attn_mask"], ["output", "pooled_output"])


ROW = np.array(REF["row"], dtype=np.float32).reshape(1, 768)


def expected_outputs(text):
    """The reference: output = float(ids * mask)[..., None] * row, exact in float32; its sha256 is
    the reference's, so this reconstruction is checked too."""
    case = next(c for c in REF["cases"] if c["text"] == text)
    masked = (np.array([case["input_ids"]], dtype=np.int32) * np.array([case["attention_mask"]], dtype=np.int32)).astype(np.float32)
    output = masked[:, :, None] * ROW[None, :, :]
    assert hashlib.sha256(output.astype("<f4").tobytes()).hexdigest() == case["output"]["sha256"], "reference reconstruction"
    pooled = np.array(case["pooled_output"]["data"], dtype=np.float32).reshape(case["pooled_output"]["shape"])
    return output, pooled


def compare_outputs(text, output, pooled):
    want_output, want_pooled = expected_outputs(text)
    output = np.asarray(output, dtype=np.float32).reshape(want_output.shape)
    pooled = np.asarray(pooled, dtype=np.float32).reshape(want_pooled.shape)
    assert np.array_equal(output, want_output), f"output differs from the reference by up to {float(np.max(np.abs(output - want_output)))}"
    diff = float(np.max(np.abs(pooled - want_pooled)))
    assert np.allclose(pooled, want_pooled, rtol=1e-5, atol=1e-5), f"pooled_output differs from the reference by up to {diff}"
    return {"output": "exact", "pooled_output_max_abs_diff": diff}


def json_outputs(response):
    by_name = {o["name"]: o for o in response.get("outputs", [])}
    assert set(by_name) == {"output", "pooled_output"}, f"outputs {sorted(by_name)}"
    o, p = by_name["output"], by_name["pooled_output"]
    assert (o["datatype"], o["shape"]) == ("FP32", [1, 128, 768]), (o["datatype"], o["shape"])
    assert (p["datatype"], p["shape"]) == ("FP32", [1, 768]), (p["datatype"], p["shape"])
    return o["data"], p["data"]


# --- cell 27: the packages the notebook's loop leaves, uploaded in its order -------------------
N = 5
prefix = "bert-mme"
if default_bucket_prefix:
    prefix = f"{default_bucket_prefix}/{prefix}"

for name in [f"bert-{i}.tar.gz" for i in range(N + 1)] + ["bert-trt.tar.gz"]:
    with open(ENGINE.fixture(name), "rb") as src, open(name, "wb") as dst:
        dst.write(src.read())


def upload(tar_file_name):
    def run():
        uri = sagemaker_session.upload_data(path=tar_file_name, key_prefix=prefix)
        assert uri == f"s3://{bucket}/{prefix}/{tar_file_name}", uri
        return uri

    return run


for i in range(N):
    if i == 0:
        R.step("deploy", f"upload_data bert-{i}.tar.gz", upload(f"bert-{i}.tar.gz"))
    R.step("deploy", f"upload_data bert-{i+1}.tar.gz", upload(f"bert-{i+1}.tar.gz"))
R.step("trt", "upload_data bert-trt.tar.gz (TensorRT config, placeholder plan)", upload("bert-trt.tar.gz"))

# --- cells 29-32 -------------------------------------------------------------------------------
sm_model_name = "triton-nlp-bert-trt-mme-" + time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime())
model_data_uri = f"s3://{bucket}/{prefix}/"
container = {
    "Image": triton_image_uri,
    "ModelDataUrl": model_data_uri,
    #     "Environment": {"SAGEMAKER_TRITON_DEFAULT_MODEL_NAME": "bert"},
    "Mode": "MultiModel",
}


def cell_29():
    create_model_response = sm.create_model(ModelName=sm_model_name, ExecutionRoleArn=role, PrimaryContainer=container)
    return create_model_response["ModelArn"]


model_arn = R.step("deploy", "create_model (Mode MultiModel, Triton 23.02 image)", cell_29)

endpoint_config_name = "triton-nlp-bert-trt-mme-" + time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime())


def cell_30():
    create_endpoint_config_response = sm.create_endpoint_config(
        EndpointConfigName=endpoint_config_name,
        ProductionVariants=[
            {
                "InstanceType": "ml.g5.xlarge",
                "InitialVariantWeight": 1,
                "InitialInstanceCount": 1,
                "ModelName": sm_model_name,
                "VariantName": "AllTraffic",
            }
        ],
    )
    return create_endpoint_config_response["EndpointConfigArn"]


config_arn = R.step("deploy", "create_endpoint_config (ml.g5.xlarge)", cell_30, needs={"model": model_arn})

endpoint_name = "triton-nlp-bert-trt-mme-" + time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime())


def cell_31():
    create_endpoint_response = sm.create_endpoint(EndpointName=endpoint_name, EndpointConfigName=endpoint_config_name)
    return create_endpoint_response["EndpointArn"]


endpoint_arn = R.step("deploy", "create_endpoint", cell_31, needs={"endpoint config": config_arn})
in_service = R.step("deploy", "describe_endpoint loop until InService", lambda: wait_for_endpoint_like_the_notebook(sm, endpoint_name, ENGINE.poll_s), needs={"endpoint": endpoint_arn})


def waiter_in_service():
    sm.get_waiter("endpoint_in_service").wait(EndpointName=endpoint_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    return "InService"


R.step("deploy", "boto3 waiter endpoint_in_service", waiter_in_service, needs={"endpoint": endpoint_arn})


def cli_describe():
    out = cli_json(ENGINE, ["sagemaker", "describe-endpoint", "--endpoint-name", endpoint_name])
    assert out["EndpointName"] == endpoint_name and out["EndpointStatus"] == "InService", {k: out.get(k) for k in ("EndpointName", "EndpointStatus")}
    return out["EndpointStatus"]


R.step("cli", "aws sagemaker describe-endpoint", cli_describe, needs={"endpoint": endpoint_arn})

# --- cell 34: JSON, bert-0 ... bert-4 ----------------------------------------------------------
text_triton = "Triton Inference Server provides a cloud and edge inferencing solution optimized for both CPUs and GPUs."
input_ids, attention_mask = tokenize_text(text_triton)

payload = {
    "inputs": [
        {"name": "token_ids", "shape": [1, 128], "datatype": "INT32", "data": input_ids},
        {"name": "attn_mask", "shape": [1, 128], "datatype": "INT32", "data": attention_mask},
    ]
}
json_responses = {}


def cell_34(i):
    def run():
        response = client.invoke_endpoint(
            EndpointName=endpoint_name,
            ContentType="application/octet-stream",
            Body=json.dumps(payload),
            TargetModel=f"bert-{i}.tar.gz",
        )
        decoded = json.loads(response["Body"].read().decode("utf8"))
        json_responses[i] = decoded
        return Detail(True, compare_outputs(text_triton, *json_outputs(decoded)))

    return run


for i in range(N):
    R.step("invoke", f"invoke_endpoint JSON bert-{i}.tar.gz: output, pooled_output", cell_34(i), needs={"endpoint": in_service})
    R.step("invoke", f"JSON response bert-{i}.tar.gz model_name/model_version", lambda i=i: expect_triton_identity(json_responses[i], f"bert-{i}.tar.gz"), needs={"response": json_responses.get(i)})

# --- cell 35: binary, bert-0 -------------------------------------------------------------------
text_sm = "Amazon SageMaker helps data scientists and developers to prepare, build, train, and deploy high-quality machine learning (ML) models quickly by bringing together a broad set of capabilities purpose-built for ML."
binary_result = {}


def cell_35():
    request_body, header_length = get_sample_tokenized_text_binary_trt(text_sm)

    response = client.invoke_endpoint(
        EndpointName=endpoint_name,
        ContentType="application/vnd.sagemaker-triton.binary+json;json-header-size={}".format(header_length),
        Body=request_body,
        TargetModel="bert-0.tar.gz",
    )

    # Parse json header size length from the response
    header_length_prefix = "application/vnd.sagemaker-triton.binary+json;json-header-size="
    header_length_of(response["ContentType"])
    header_length_str = response["ContentType"][len(header_length_prefix) :]

    # Read response body
    result = httpclient.InferenceServerClient.parse_response_body(response["Body"].read(), header_length=int(header_length_str))
    binary_result["response"] = result.get_response()
    output0_data = result.as_numpy("output")
    output1_data = result.as_numpy("pooled_output")
    assert output0_data is not None and output1_data is not None, f"outputs in {result.get_response()}"
    assert output0_data.dtype == np.float32 and output0_data.shape == (1, 128, 768), (output0_data.dtype, output0_data.shape)
    assert output1_data.dtype == np.float32 and output1_data.shape == (1, 768), (output1_data.dtype, output1_data.shape)
    return Detail(True, {**compare_outputs(text_sm, output0_data, output1_data), "ContentType": response["ContentType"]})


R.step("invoke", "invoke_endpoint binary+json bert-0.tar.gz: output, pooled_output", cell_35, needs={"endpoint": in_service})
R.step("invoke", "binary response model_name/model_version", lambda: expect_triton_identity(binary_result["response"], "bert-0.tar.gz"), needs={"response": binary_result.get("response")})

# --- not in the notebook: its real TensorRT package ---------------------------------------------


def trt_invoke():
    return expect_cannot_run(
        lambda: client.invoke_endpoint(EndpointName=endpoint_name, ContentType="application/octet-stream", Body=json.dumps(payload), TargetModel="bert-trt.tar.gz"),
        "tensorrt_plan",
    )


R.step("trt", "invoke_endpoint JSON bert-trt.tar.gz -> ModelError (tensorrt_plan)", trt_invoke, needs={"endpoint": in_service})

# --- cell 34's first invocation through the AWS CLI --------------------------------------------
cli_response = {}


def cli_invoke():
    with open("payload.json", "w") as f:
        json.dump(payload, f)
    args = [
        "sagemaker-runtime",
        "invoke-endpoint",
        "--endpoint-name",
        endpoint_name,
        "--target-model",
        "bert-0.tar.gz",
        "--content-type",
        "application/octet-stream",
        "--body",
        "fileb://payload.json",
        "cli_out.json",
    ]
    done = aws_cli(ENGINE, args)
    LOG.add("bert-0.tar.gz", done.returncode == 0)
    assert done.returncode == 0, f"aws sagemaker-runtime invoke-endpoint exited {done.returncode}: {done.stderr.strip()[-800:]}"
    meta = json.loads(done.stdout)
    with open("cli_out.json", encoding="utf-8") as f:
        cli_response.update(json.load(f))
    return Detail(True, {**compare_outputs(text_triton, *json_outputs(cli_response)), "ContentType": meta.get("ContentType")})


R.step("cli", "aws sagemaker-runtime invoke-endpoint JSON bert-0.tar.gz: output, pooled_output", cli_invoke, needs={"endpoint": in_service})
R.step("cli", "CLI response model_name/model_version", lambda: expect_triton_identity(cli_response, "bert-0.tar.gz"), needs={"CLI response": cli_response or None})

# --- CloudWatch --------------------------------------------------------------------------------
if in_service is not None:
    cloudwatch_steps(R, boto3.client("cloudwatch"), endpoint_name, LOG)

# --- cell 38: clean-up, in the notebook's order ------------------------------------------------
R.step("cleanup", "delete_endpoint", lambda: sm.delete_endpoint(EndpointName=endpoint_name)["ResponseMetadata"]["HTTPStatusCode"], needs={"endpoint": endpoint_arn})
R.step("cleanup", "delete_endpoint_config", lambda: sm.delete_endpoint_config(EndpointConfigName=endpoint_config_name)["ResponseMetadata"]["HTTPStatusCode"], needs={"endpoint config": config_arn})
R.step("cleanup", "delete_model", lambda: sm.delete_model(ModelName=sm_model_name)["ResponseMetadata"]["HTTPStatusCode"], needs={"model": model_arn})


def waiter_deleted():
    sm.get_waiter("endpoint_deleted").wait(EndpointName=endpoint_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    return "deleted"


R.step("cleanup", "boto3 waiter endpoint_deleted", waiter_deleted, needs={"endpoint": endpoint_arn})
R.finish()
