"""
Replays every AWS call of AWS's sample notebook "Run multiple deep learning models on GPU with
Amazon SageMaker Multi-model endpoints" (amazon-sagemaker-examples,
archived/mme-on-gpu/resnet50_mme_with_gpu.ipynb) against the local engine, in the notebook's
order and as the notebook writes them, with stand-in models (fixtures/models/notebooks/):

    MME_ENGINE_URL=http://127.0.0.1:9470 python3 test/notebooks/resnet50_mme.py

What differs from the notebook, and why:
- models: resnet_pt_v0.tar.gz holds a tiny TorchScript module with ResNet50's signature (the
  engine runs it in its PyTorch worker); resnet_trt_v0.tar.gz the notebook's TensorRT config with
  a placeholder plan, which must fail as a ModelError (the engine cannot run TensorRT).
- the sample image: the suite first puts a stand-in at the notebook's S3 location (a .npy of the
  224x224 RGB array PIL would give), so the notebook's download_file runs; get_sample_image then
  np.load()s it instead of PIL's open/convert/resize, and preprocesses it exactly as the notebook.
- sagemaker (the SDK) and tritonclient are stood in by sagemaker_lite and tritonclient_lite.
- the describe_endpoint loop sleeps MME_NOTEBOOK_POLL_S (1 s) instead of 60 s; the boto3 waiters
  endpoint_in_service and endpoint_deleted, the AWS CLI, CloudWatch reads, and reading back the
  autoscaling target and policy (and that DeleteEndpoint deregistered it) are added checks.
Prints one JSON line per step; exits 1 when a step failed.
"""

import gzip
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
    check_default_bucket,
    cli_json,
    cloudwatch_steps,
    expect_cannot_run,
    expect_triton_identity,
    execution_role,
    fallback_session,
    header_length_of,
    wait_for_endpoint_like_the_notebook,
    aws_cli,
)

ENGINE = Engine()
ENGINE.configure()

import boto3  # noqa: E402
import numpy as np  # noqa: E402

import sagemaker_lite as sagemaker  # noqa: E402
import tritonclient_lite as httpclient  # noqa: E402
from sagemaker_lite import get_execution_role  # noqa: E402

R = Replay("resnet50_mme")
REF = ENGINE.reference("resnet.reference.json")
LOG = InvocationLog()
ENGINE.workdir("resnet50")


def seed_sample_image():
    """Not the notebook's: AWS's public example bucket, with the stand-in image at the notebook's key."""
    s3 = boto3.client("s3")
    bucket = f"sagemaker-example-files-prod-{ENGINE.region}"
    s3.create_bucket(Bucket=bucket)
    with open(ENGINE.fixture(REF["image"]["file"]), "rb") as f:
        s3.put_object(Bucket=bucket, Key="datasets/image/pets/shiba_inu_dog.jpg", Body=gzip.decompress(f.read()))
    return bucket


R.step("setup", "stand-in sample image in s3://sagemaker-example-files-prod-<region>/", seed_sample_image)

# --- cell 10 -----------------------------------------------------------------------------------
s3_client = boto3.client("s3")
auto_scaling_client = boto3.client("application-autoscaling")
sample_image_name = "shiba_inu_dog.jpg"
ts = time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime())

role = R.step("setup", "get_execution_role (STS GetCallerIdentity)", lambda: execution_role(ENGINE, get_execution_role))
if role is None:
    role = NOTEBOOK_ROLE.format(account=ENGINE.account)
sm_client = boto3.client(service_name="sagemaker")
runtime_sm_client = LOG.watch(boto3.client("sagemaker-runtime"))
sagemaker_session = sagemaker.Session(boto_session=boto3.Session())
bucket = R.step("setup", "sagemaker_session.default_bucket() (STS, ListBuckets, HeadBucket, CreateBucket)", lambda: check_default_bucket(ENGINE, sagemaker_session))
if bucket is None:
    bucket, sagemaker_session = fallback_session(ENGINE, sagemaker, boto3.Session())
prefix = "resnet50-mme-gpu"

sm_model_name = f"{prefix}-mdl-{ts}"
endpoint_config_name = f"{prefix}-epc-{ts}"
endpoint_name = f"{prefix}-ep-{ts}"
model_data_url = f"s3://{bucket}/{prefix}/"

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
mme_triton_image_uri = "{account_id}.dkr.ecr.{region}.{base}/sagemaker-tritonserver:22.07-py3".format(account_id=account_id_map[region], region=region, base=base)

# --- cells 27, 28: the packages, as the notebook's tar commands leave them in its folder ----------
for name in ("resnet_pt_v0.tar.gz", "resnet_trt_v0.tar.gz"):
    with open(ENGINE.fixture(name), "rb") as src, open(name, "wb") as dst:
        dst.write(src.read())


def upload_pt():
    model_uri_pt = sagemaker_session.upload_data(path="resnet_pt_v0.tar.gz", key_prefix=prefix)
    assert model_uri_pt == f"s3://{bucket}/{prefix}/resnet_pt_v0.tar.gz", model_uri_pt
    return model_uri_pt


def upload_trt():
    model_uri_trt = sagemaker_session.upload_data(path="resnet_trt_v0.tar.gz", key_prefix=prefix)
    assert model_uri_trt == f"s3://{bucket}/{prefix}/resnet_trt_v0.tar.gz", model_uri_trt
    return model_uri_trt


R.step("deploy", "upload_data resnet_pt_v0.tar.gz", upload_pt)
R.step("deploy", "upload_data resnet_trt_v0.tar.gz", upload_trt)

# --- cells 33-40 -------------------------------------------------------------------------------
container = {"Image": mme_triton_image_uri, "ModelDataUrl": model_data_url, "Mode": "MultiModel"}


def cell_35():
    create_model_response = sm_client.create_model(ModelName=sm_model_name, ExecutionRoleArn=role, PrimaryContainer=container)
    return create_model_response["ModelArn"]


def cell_37():
    create_endpoint_config_response = sm_client.create_endpoint_config(
        EndpointConfigName=endpoint_config_name,
        ProductionVariants=[
            {
                "InstanceType": "ml.g4dn.4xlarge",
                "InitialVariantWeight": 1,
                "InitialInstanceCount": 1,
                "ModelName": sm_model_name,
                "VariantName": "AllTraffic",
            }
        ],
    )
    return create_endpoint_config_response["EndpointConfigArn"]


def cell_39():
    create_endpoint_response = sm_client.create_endpoint(EndpointName=endpoint_name, EndpointConfigName=endpoint_config_name)
    return create_endpoint_response["EndpointArn"]


model_arn = R.step("deploy", "create_model (Mode MultiModel, Triton 22.07 image)", cell_35)
config_arn = R.step("deploy", "create_endpoint_config (ml.g4dn.4xlarge)", cell_37, needs={"model": model_arn})
endpoint_arn = R.step("deploy", "create_endpoint", cell_39, needs={"endpoint config": config_arn})
in_service = R.step(
    "deploy",
    "describe_endpoint loop until InService",
    lambda: wait_for_endpoint_like_the_notebook(sm_client, endpoint_name, ENGINE.poll_s),
    needs={"endpoint": endpoint_arn},
)


def waiter_in_service():
    sm_client.get_waiter("endpoint_in_service").wait(EndpointName=endpoint_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    return "InService"


R.step("deploy", "boto3 waiter endpoint_in_service", waiter_in_service, needs={"endpoint": endpoint_arn})


def cli_describe():
    out = cli_json(ENGINE, ["sagemaker", "describe-endpoint", "--endpoint-name", endpoint_name])
    assert out["EndpointName"] == endpoint_name and out["EndpointStatus"] == "InService", {k: out.get(k) for k in ("EndpointName", "EndpointStatus")}
    return out["EndpointStatus"]


R.step("cli", "aws sagemaker describe-endpoint", cli_describe, needs={"endpoint": endpoint_arn})

# --- cell 42: autoscaling ----------------------------------------------------------------------
resource_id = "endpoint/" + endpoint_name + "/variant/" + "AllTraffic"


def cell_42_register():
    response = auto_scaling_client.register_scalable_target(
        ServiceNamespace="sagemaker",
        ResourceId=resource_id,
        ScalableDimension="sagemaker:variant:DesiredInstanceCount",
        MinCapacity=1,
        MaxCapacity=5,
    )
    return Detail(response, {"ScalableTargetARN": response.get("ScalableTargetARN")})


def cell_42_policy():
    response = auto_scaling_client.put_scaling_policy(
        PolicyName="GPUUtil-ScalingPolicy",
        ServiceNamespace="sagemaker",
        ResourceId=resource_id,
        ScalableDimension="sagemaker:variant:DesiredInstanceCount",
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 60.0,
            "CustomizedMetricSpecification": {
                "MetricName": "GPUUtilization",
                "Namespace": "/aws/sagemaker/Endpoints",
                "Dimensions": [
                    {"Name": "EndpointName", "Value": endpoint_name},
                    {"Name": "VariantName", "Value": "AllTraffic"},
                ],
                "Statistic": "Average",
                "Unit": "Percent",
            },
            "ScaleInCooldown": 600,
            "ScaleOutCooldown": 200,
        },
    )
    # AWS's shapes: the policy's ARN names the resource and the policy; target tracking makes two alarms.
    arn = response["PolicyARN"]
    assert arn.startswith(f"arn:aws:autoscaling:{region}:{ENGINE.account}:scalingPolicy:"), arn
    assert arn.endswith(f":resource/sagemaker/{resource_id}:policyName/GPUUtil-ScalingPolicy"), arn
    names = [a["AlarmName"] for a in response["Alarms"]]
    assert [n.split("-Alarm")[1].split("-")[0] for n in names] == ["High", "Low"], names
    assert all(n.startswith(f"TargetTracking-{resource_id}-Alarm") for n in names), names
    return Detail(response, {"PolicyARN": arn, "Alarms": names})


registered = R.step("autoscaling", "application-autoscaling register_scalable_target", cell_42_register, needs={"endpoint": in_service})
policy = R.step("autoscaling", "application-autoscaling put_scaling_policy (GPUUtilization target tracking)", cell_42_policy, needs={"scalable target": registered})


def describe_target():
    targets = auto_scaling_client.describe_scalable_targets(ServiceNamespace="sagemaker", ResourceIds=[resource_id])["ScalableTargets"]
    assert [(t["MinCapacity"], t["MaxCapacity"]) for t in targets] == [(1, 5)], targets
    return Detail(targets[0], {"MinCapacity": 1, "MaxCapacity": 5, "RoleARN": targets[0]["RoleARN"]})


def describe_policy():
    policies = auto_scaling_client.describe_scaling_policies(ServiceNamespace="sagemaker", ResourceId=resource_id)["ScalingPolicies"]
    assert [p["PolicyARN"] for p in policies] == [policy["PolicyARN"]], policies
    config = policies[0]["TargetTrackingScalingPolicyConfiguration"]
    metric = config["CustomizedMetricSpecification"]
    assert (config["TargetValue"], config["ScaleInCooldown"], config["ScaleOutCooldown"]) == (60.0, 600, 200), config
    assert (metric["MetricName"], metric["Namespace"], metric["Statistic"]) == ("GPUUtilization", "/aws/sagemaker/Endpoints", "Average"), metric
    return Detail(policies[0], {"PolicyName": policies[0]["PolicyName"], "TargetValue": config["TargetValue"]})


def cli_describe_policies():
    out = cli_json(ENGINE, ["application-autoscaling", "describe-scaling-policies", "--service-namespace", "sagemaker", "--resource-id", resource_id])
    assert [p["PolicyName"] for p in out["ScalingPolicies"]] == ["GPUUtil-ScalingPolicy"], out
    return out["ScalingPolicies"][0]["PolicyType"]


R.step("autoscaling", "describe_scalable_targets: min 1, max 5", describe_target, needs={"scalable target": registered})
R.step("autoscaling", "describe_scaling_policies: the GPUUtilization policy as put", describe_policy, needs={"policy": policy})
R.step("cli", "aws application-autoscaling describe-scaling-policies", cli_describe_policies, needs={"policy": policy})

# --- cell 44 -----------------------------------------------------------------------------------


def cell_44_download():
    s3_client.download_file(f"sagemaker-example-files-prod-{region}", "datasets/image/pets/shiba_inu_dog.jpg", "shiba_inu_dog.jpg")
    with open("shiba_inu_dog.jpg", "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    assert digest == REF["image"]["sha256"], "the downloaded image is not the one uploaded"
    x = np.array(get_sample_image(), dtype=np.float32)
    assert hashlib.sha256(x.astype("<f4").tobytes()).hexdigest() == REF["input"]["sha256"], "preprocessing differs from the reference's"
    return Detail(True, {"shape": list(x.shape)})


def get_sample_image():
    image_path = "./shiba_inu_dog.jpg"
    img = np.load(image_path)  # stand-in for Image.open(image_path).convert("RGB").resize((224, 224))
    img = (np.array(img).astype(np.float32) / 255) - np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(1, 1, 3)
    img = img / np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(1, 1, 3)
    img = np.transpose(img, (2, 0, 1))
    return img.tolist()


def _get_sample_image_binary(input_name, output_name):
    inputs = []
    outputs = []
    inputs.append(httpclient.InferInput(input_name, [1, 3, 224, 224], "FP32"))
    input_data = np.array(get_sample_image(), dtype=np.float32)
    input_data = np.expand_dims(input_data, axis=0)
    inputs[0].set_data_from_numpy(input_data, binary_data=True)
    outputs.append(httpclient.InferRequestedOutput(output_name, binary_data=True))
    request_body, header_length = httpclient.InferenceServerClient.generate_request_body(inputs, outputs=outputs)
    return request_body, header_length


def get_sample_image_binary_pt():
    return _get_sample_image_binary("INPUT__0", "OUTPUT__0")


image_ready = R.step("invoke", "s3 download_file of the sample image, get_sample_image()", cell_44_download)

EXPECTED = np.array(REF["output"]["data"], dtype=np.float32).reshape(REF["output"]["shape"])


def compare_output(output):
    got = np.asarray(output, dtype=np.float32).reshape(EXPECTED.shape)
    diff = float(np.max(np.abs(got - EXPECTED)))
    assert np.allclose(got, EXPECTED, rtol=1e-5, atol=1e-5), f"OUTPUT__0 differs from the reference by up to {diff}"
    return {"max_abs_diff": diff, "top5": [int(i) for i in np.argsort(-got[0], kind="stable")[:5]]}


# --- cells 47, 48: TensorRT, JSON --------------------------------------------------------------


def cell_48():
    trt_payload = {"inputs": [{"name": "input", "shape": [1, 3, 224, 224], "datatype": "FP32", "data": get_sample_image()}]}
    return expect_cannot_run(
        lambda: runtime_sm_client.invoke_endpoint(
            EndpointName=endpoint_name,
            ContentType="application/octet-stream",
            Body=json.dumps(trt_payload),
            TargetModel="resnet_trt_v0.tar.gz",
        ),
        "tensorrt_plan",
    )


R.step("invoke", "invoke_endpoint JSON resnet_trt_v0.tar.gz -> ModelError (tensorrt_plan)", cell_48, needs={"endpoint": in_service, "image": image_ready})

# --- cells 50, 51: PyTorch, JSON ---------------------------------------------------------------
pt_response = {}


def cell_51():
    pt_payload = {
        "inputs": [
            {
                "name": "INPUT__0",
                "shape": [1, 3, 224, 224],
                "datatype": "FP32",
                "data": get_sample_image(),
            }
        ]
    }
    response = runtime_sm_client.invoke_endpoint(
        EndpointName=endpoint_name,
        ContentType="application/octet-stream",
        Body=json.dumps(pt_payload),
        TargetModel="resnet_pt_v0.tar.gz",
    )
    response = json.loads(response["Body"].read().decode("utf8"))
    pt_response.update(response)
    output = response["outputs"][0]["data"]
    first = response["outputs"][0]
    assert (first["name"], first["datatype"], first["shape"]) == ("OUTPUT__0", "FP32", [1, 1000]), {k: first.get(k) for k in ("name", "datatype", "shape")}
    return Detail(True, compare_output(output))


R.step("invoke", "invoke_endpoint JSON resnet_pt_v0.tar.gz: OUTPUT__0", cell_51, needs={"endpoint": in_service, "image": image_ready})
R.step("invoke", "JSON response model_name/model_version", lambda: expect_triton_identity(pt_response, "resnet_pt_v0.tar.gz"), needs={"JSON response": pt_response or None})

# --- cell 53: PyTorch, binary ------------------------------------------------------------------
binary_result = {}


def cell_53():
    request_body, header_length = get_sample_image_binary_pt()

    response = runtime_sm_client.invoke_endpoint(
        EndpointName=endpoint_name,
        ContentType="application/vnd.sagemaker-triton.binary+json;json-header-size={}".format(header_length),
        Body=request_body,
        TargetModel="resnet_pt_v0.tar.gz",
    )

    # Parse json header size length from the response
    header_length_prefix = "application/vnd.sagemaker-triton.binary+json;json-header-size="
    header_length_of(response["ContentType"])
    header_length_str = response["ContentType"][len(header_length_prefix) :]

    # Read response body
    result = httpclient.InferenceServerClient.parse_response_body(response["Body"].read(), header_length=int(header_length_str))
    output0_data = result.as_numpy("OUTPUT__0")
    binary_result["response"] = result.get_response()
    assert output0_data is not None, f"no OUTPUT__0 in {result.get_response()}"
    assert output0_data.dtype == np.float32 and output0_data.shape == (1, 1000), (output0_data.dtype, output0_data.shape)
    return Detail(True, {**compare_output(output0_data), "ContentType": response["ContentType"]})


R.step("invoke", "invoke_endpoint binary+json resnet_pt_v0.tar.gz: OUTPUT__0", cell_53, needs={"endpoint": in_service, "image": image_ready})
R.step("invoke", "binary response model_name/model_version", lambda: expect_triton_identity(binary_result["response"], "resnet_pt_v0.tar.gz"), needs={"binary response": binary_result.get("response")})

# --- the same JSON invocation through the AWS CLI ----------------------------------------------


def cli_invoke():
    pt_payload = {"inputs": [{"name": "INPUT__0", "shape": [1, 3, 224, 224], "datatype": "FP32", "data": get_sample_image()}]}
    with open("pt_payload.json", "w") as f:
        json.dump(pt_payload, f)
    args = [
        "sagemaker-runtime",
        "invoke-endpoint",
        "--endpoint-name",
        endpoint_name,
        "--target-model",
        "resnet_pt_v0.tar.gz",
        "--content-type",
        "application/octet-stream",
        "--body",
        "fileb://pt_payload.json",
        "cli_out.json",
    ]
    done = aws_cli(ENGINE, args)
    LOG.add("resnet_pt_v0.tar.gz", done.returncode == 0)
    assert done.returncode == 0, f"aws sagemaker-runtime invoke-endpoint exited {done.returncode}: {done.stderr.strip()[-800:]}"
    meta = json.loads(done.stdout)
    with open("cli_out.json", encoding="utf-8") as f:
        response = json.load(f)
    cli_response.update(response)
    detail = compare_output(response["outputs"][0]["data"])
    return Detail(True, {**detail, "ContentType": meta.get("ContentType"), "InvokedProductionVariant": meta.get("InvokedProductionVariant")})


cli_response = {}
R.step("cli", "aws sagemaker-runtime invoke-endpoint JSON resnet_pt_v0.tar.gz: OUTPUT__0", cli_invoke, needs={"endpoint": in_service, "image": image_ready})
R.step("cli", "CLI response model_name/model_version", lambda: expect_triton_identity(cli_response, "resnet_pt_v0.tar.gz"), needs={"CLI response": cli_response or None})

# --- CloudWatch: what the notebook's markdown tells the reader to watch ------------------------
if in_service is not None:
    cloudwatch_steps(R, boto3.client("cloudwatch"), endpoint_name, LOG)

# --- cell 56: clean-up, in the notebook's order ------------------------------------------------
R.step("cleanup", "delete_model", lambda: sm_client.delete_model(ModelName=sm_model_name)["ResponseMetadata"]["HTTPStatusCode"], needs={"model": model_arn})
R.step("cleanup", "delete_endpoint_config", lambda: sm_client.delete_endpoint_config(EndpointConfigName=endpoint_config_name)["ResponseMetadata"]["HTTPStatusCode"], needs={"endpoint config": config_arn})
R.step("cleanup", "delete_endpoint", lambda: sm_client.delete_endpoint(EndpointName=endpoint_name)["ResponseMetadata"]["HTTPStatusCode"], needs={"endpoint": endpoint_arn})


def waiter_deleted():
    sm_client.get_waiter("endpoint_deleted").wait(EndpointName=endpoint_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    return "deleted"


R.step("cleanup", "boto3 waiter endpoint_deleted", waiter_deleted, needs={"endpoint": endpoint_arn})


def target_gone():
    """Not the notebook's: DeleteEndpoint deregisters the variant's scalable target, as on AWS."""
    targets = auto_scaling_client.describe_scalable_targets(ServiceNamespace="sagemaker", ResourceIds=[resource_id])["ScalableTargets"]
    assert targets == [], targets
    return "deregistered"


R.step("cleanup", "the scalable target is gone with the endpoint", target_gone, needs={"scalable target": registered})
R.finish()
