"""
What the notebook replays share: pointing boto3 and the AWS CLI at the local engine, the step
runner that prints one JSON line per step, the bookkeeping of invocations for the metrics checks,
and the CloudWatch and ModelError checks.

Environment (the Vitest wrapper sets it; by hand, point it at `npm run engine`):
    MME_ENGINE_URL                 the engine, e.g. http://127.0.0.1:9470 (required: nothing runs against AWS)
    MME_ENGINE_ACCESS_KEY_ID, MME_ENGINE_SECRET_ACCESS_KEY, MME_ENGINE_REGION, MME_ENGINE_ACCOUNT_ID
                                   the engine's keys, region and account (default: the engine's defaults)
    MME_NOTEBOOK_FIXTURES          fixtures/models/notebooks (default: found from this file)
    MME_NOTEBOOK_POLL_S            describe_endpoint's poll interval (the notebooks sleep 60 s; default 1)
"""

import atexit
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

# The engine's defaults (lib/local-engine-defaults.ts).
_DEFAULTS = {
    "MME_ENGINE_ACCESS_KEY_ID": "MMELOCALACCESSKEY00",
    "MME_ENGINE_SECRET_ACCESS_KEY": "mme-local-secret-key",
    "MME_ENGINE_REGION": "us-east-1",
    "MME_ENGINE_ACCOUNT_ID": "000000000000",
}

TRITON_BINARY_PREFIX = "application/vnd.sagemaker-triton.binary+json;json-header-size="


class Engine:
    def __init__(self):
        url = os.environ.get("MME_ENGINE_URL")
        if not url:
            sys.exit("MME_ENGINE_URL is not set: these replays only run against the local engine")
        self.url = url
        self.access_key = os.environ.get("MME_ENGINE_ACCESS_KEY_ID") or _DEFAULTS["MME_ENGINE_ACCESS_KEY_ID"]
        self.secret_key = os.environ.get("MME_ENGINE_SECRET_ACCESS_KEY") or _DEFAULTS["MME_ENGINE_SECRET_ACCESS_KEY"]
        self.region = os.environ.get("MME_ENGINE_REGION") or _DEFAULTS["MME_ENGINE_REGION"]
        self.account = os.environ.get("MME_ENGINE_ACCOUNT_ID") or _DEFAULTS["MME_ENGINE_ACCOUNT_ID"]
        here = os.path.dirname(os.path.abspath(__file__))
        self.fixtures = os.path.abspath(os.environ.get("MME_NOTEBOOK_FIXTURES") or os.path.join(here, "..", "..", "fixtures", "models", "notebooks"))
        self.poll_s = float(os.environ.get("MME_NOTEBOOK_POLL_S") or "1")

    def aws_env(self):
        """The environment every boto3 client and the CLI take their endpoint, keys and region from,
        so the notebooks' `boto3.client("s3")` runs unchanged; nothing of the machine's AWS setup."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(
            {
                # boto3 and the CLI (botocore >= 1.31) send every service to this endpoint.
                "AWS_ENDPOINT_URL": self.url,
                "AWS_ACCESS_KEY_ID": self.access_key,
                "AWS_SECRET_ACCESS_KEY": self.secret_key,
                "AWS_DEFAULT_REGION": self.region,
                "AWS_CONFIG_FILE": os.devnull,
                "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                "AWS_EC2_METADATA_DISABLED": "true",
                # One attempt: each invocation counts once in the metrics the replay checks.
                "AWS_MAX_ATTEMPTS": "1",
                "AWS_PAGER": "",
            }
        )
        return env

    def configure(self):
        """Before any boto3 client exists."""
        env = self.aws_env()
        os.environ.clear()
        os.environ.update(env)
        _default_endpoint_for_old_botocore(self.url)

    def fixture(self, name):
        return os.path.join(self.fixtures, name)

    def reference(self, name):
        with open(self.fixture(name), encoding="utf-8") as f:
            return json.load(f)

    def workdir(self, notebook):
        """A fresh folder to run in, as the notebook's own folder: local files land there."""
        path = tempfile.mkdtemp(prefix=f"mme-notebook-{notebook}-")
        os.chdir(path)
        atexit.register(shutil.rmtree, path, True)
        return path


def _default_endpoint_for_old_botocore(url):
    """botocore reads AWS_ENDPOINT_URL from 1.31 (boto3 1.28) on; Debian bookworm's python3-boto3
    is 1.26 (botocore 1.29). There, every boto3 client and resource that names no endpoint_url
    gets the engine's, so the notebooks' `boto3.client("s3")` still runs as written."""
    import boto3.session
    import botocore

    if tuple(int(p) for p in botocore.__version__.split(".")[:2]) >= (1, 31):
        return
    for method in ("client", "resource"):
        original = getattr(boto3.session.Session, method)

        def with_endpoint(self, *args, _original=original, **kwargs):
            if kwargs.get("endpoint_url") is None:
                kwargs["endpoint_url"] = url
            return _original(self, *args, **kwargs)

        setattr(boto3.session.Session, method, with_endpoint)


class Pending(Exception):
    """A step the engine does not serve yet by design (an open issue), not a failure."""


class Detail:
    """A step's value with what to print about it."""

    def __init__(self, value, detail):
        self.value = value
        self.detail = detail


class Replay:
    """Runs steps in order; each prints `{"step", "status", "detail", ...}` on its own line."""

    def __init__(self, notebook):
        self.notebook = notebook
        self.counts = {"passed": 0, "failed": 0, "pending": 0}
        self.started = datetime.datetime.now(datetime.timezone.utc)

    def _emit(self, group, name, status, detail):
        self.counts[status] += 1
        line = {"notebook": self.notebook, "group": group, "step": name, "status": status, "detail": detail}
        print(json.dumps(line, default=str), flush=True)

    def step(self, group, name, fn, needs=None):
        """Runs fn(); returns its value, or None when it failed, was pending or could not run."""
        missing = [k for k, v in (needs or {}).items() if v is None]
        if missing:
            self._emit(group, name, "failed", f"not run: needs {', '.join(missing)}, which an earlier step did not produce")
            return None
        try:
            value = fn()
        except Pending as p:
            self._emit(group, name, "pending", str(p))
            return None
        except Exception as e:  # noqa: BLE001 - every failure becomes a step result
            self._emit(group, name, "failed", describe_error(e))
            return None
        if isinstance(value, Detail):
            self._emit(group, name, "passed", value.detail)
            return value.value
        self._emit(group, name, "passed", value if isinstance(value, (str, int, float, bool, type(None))) else None)
        return value

    def finish(self):
        print(json.dumps({"notebook": self.notebook, "done": True, **self.counts}), flush=True)
        sys.exit(1 if self.counts["failed"] else 0)


def describe_error(e):
    response = getattr(e, "response", None)
    if isinstance(response, dict) and "Error" in response:
        out = {
            "error": type(e).__name__,
            "code": response["Error"].get("Code"),
            "message": response["Error"].get("Message"),
            "httpStatus": response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
        }
        for key in ("OriginalStatusCode", "OriginalMessage"):
            if key in response:
                out[key] = response[key]
        return out
    if isinstance(e, AssertionError):
        return f"assertion: {e}"
    frame = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
    where = f" ({os.path.basename(frame.filename)}:{frame.lineno})" if frame else ""
    return f"{type(e).__name__}: {e}{where}"


class InvocationLog:
    """Every InvokeEndpoint that reached the engine, and what SageMaker's metrics should then say:
    a target model's first request is a cache miss and, once it has been served, later ones hit."""

    def __init__(self):
        self.calls = 0
        self.hits = 0
        self.served = set()

    def add(self, target, served):
        self.calls += 1
        if target in self.served:
            self.hits += 1
        if served:
            self.served.add(target)

    @property
    def misses(self):
        return self.calls - self.hits

    def watch(self, runtime_client):
        """Records each of the client's invoke_endpoint calls, leaving the notebook's code as it is."""

        def before(params, context, **_):
            context["mme_target"] = params.get("headers", {}).get("X-Amzn-SageMaker-Target-Model")

        def after(http_response, context, **_):
            self.add(context.get("mme_target"), http_response.status_code == 200)

        runtime_client.meta.events.register("before-call.sagemaker-runtime.InvokeEndpoint", before)
        runtime_client.meta.events.register("after-call.sagemaker-runtime.InvokeEndpoint", after)
        return runtime_client


# --- checks ------------------------------------------------------------------------------------


def expect_cannot_run(call, platform):
    """The call must fail as a ModelError saying the engine cannot run the platform (501, as
    docs/architecture.md: a platform the engine cannot run)."""
    try:
        call()
    except Exception as e:  # noqa: BLE001
        response = getattr(e, "response", None) or {}
        code = response.get("Error", {}).get("Code")
        assert code == "ModelError", f"expected ModelError, got {describe_error(e)}"
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        assert status == 424, f"expected HTTP 424, got {status}"
        original = response.get("OriginalMessage", "")
        message = json.loads(original).get("error", "") if original.startswith("{") else original
        assert f'cannot run platform "{platform}"' in message, f"OriginalMessage does not say the engine cannot run {platform}: {original!r}"
        assert response.get("OriginalStatusCode") == 501, f"OriginalStatusCode {response.get('OriginalStatusCode')}, expected 501"
        return Detail(None, {"OriginalStatusCode": response.get("OriginalStatusCode"), "message": message})
    raise AssertionError(f"the {platform} model answered; expected a ModelError")


def expect_triton_identity(response, target_model):
    """SageMaker's Triton registers each model under the TargetModel string and serves version 1."""
    got = {"model_name": response.get("model_name"), "model_version": response.get("model_version")}
    assert got == {"model_name": target_model, "model_version": "1"}, f"got {got}, expected model_name {target_model!r}, model_version '1'"
    return Detail(None, got)


def header_length_of(content_type):
    assert content_type.startswith(TRITON_BINARY_PREFIX), f"response ContentType {content_type!r} is not {TRITON_BINARY_PREFIX}N"
    return int(content_type[len(TRITON_BINARY_PREFIX) :])


# --- the SageMaker SDK's role and bucket --------------------------------------------------------

NOTEBOOK_ROLE = "arn:aws:iam::{account}:role/service-role/AmazonSageMaker-ExecutionRole-notebook"


def execution_role(engine, get_execution_role):
    """get_execution_role(); for an IAM user the SDK raises ValueError (the notebooks run in SageMaker,
    where the role comes from the notebook's metadata): then the role a notebook would have, once
    STS has answered for the engine's account, which is what the engine owes."""
    import boto3

    try:
        return get_execution_role()
    except ValueError as e:
        account = boto3.client("sts").get_caller_identity()["Account"]
        assert account == engine.account, f"STS account {account}, the engine's is {engine.account}"
        role = NOTEBOOK_ROLE.format(account=account)
        return Detail(role, {"sdk": str(e), "using": role})


def check_default_bucket(engine, sagemaker_session):
    bucket = sagemaker_session.default_bucket()
    assert bucket == f"sagemaker-{engine.region}-{engine.account}", f"default bucket {bucket}"
    return bucket


def fallback_session(engine, sagemaker, boto_session):
    """After a failed default_bucket(), so later steps still run: the bucket a user would name with
    sagemaker.Session(default_bucket=...), created directly."""
    import boto3

    bucket = f"sagemaker-{engine.region}-{engine.account}"
    s3 = boto3.client("s3")
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    return bucket, sagemaker.Session(boto_session=boto_session, default_bucket=bucket)


# --- CloudWatch --------------------------------------------------------------------------------


def _dimensions(endpoint_name):
    return [{"Name": "EndpointName", "Value": endpoint_name}, {"Name": "VariantName", "Value": "AllTraffic"}]


def _window(replay):
    start = replay.started.replace(second=0, microsecond=0) - datetime.timedelta(minutes=1)
    return start, datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=1)


def check_statistics(cw, replay, endpoint_name, metric, expected):
    """get_metric_statistics over the replay's minutes; `expected` maps a statistic to its total."""
    start, end = _window(replay)
    r = cw.get_metric_statistics(
        Namespace="AWS/SageMaker",
        MetricName=metric,
        Dimensions=_dimensions(endpoint_name),
        StartTime=start,
        EndTime=end,
        Period=60,
        Statistics=sorted(expected),
    )
    got = {s: sum(dp[s] for dp in r["Datapoints"]) for s in expected}
    assert got == expected, f"{metric}: got {got}, expected {expected}"
    return Detail(None, got)


def metric_data(cw, replay, namespace, endpoint_name, metric, stat):
    start, end = _window(replay)
    r = cw.get_metric_data(
        MetricDataQueries=[
            {
                "Id": "m",
                "MetricStat": {"Metric": {"Namespace": namespace, "MetricName": metric, "Dimensions": _dimensions(endpoint_name)}, "Period": 60, "Stat": stat},
                "ReturnData": True,
            }
        ],
        StartTime=start,
        EndTime=end,
        ScanBy="TimestampDescending",
    )
    return r["MetricDataResults"][0]["Values"]


def check_loading_wait_time(cw, replay, endpoint_name, log):
    counts = metric_data(cw, replay, "AWS/SageMaker", endpoint_name, "ModelLoadingWaitTime", "SampleCount")
    maxima = metric_data(cw, replay, "AWS/SageMaker", endpoint_name, "ModelLoadingWaitTime", "Maximum")
    got = {"SampleCount": sum(counts), "Maximum": max(maxima) if maxima else None}
    assert got["SampleCount"] == log.misses, f"ModelLoadingWaitTime: {got['SampleCount']} samples, expected one per cache miss ({log.misses})"
    assert got["Maximum"] is not None and got["Maximum"] > 0, f"ModelLoadingWaitTime: Maximum {got['Maximum']}, expected > 0 µs"
    return Detail(None, got)


def check_loaded_model_count(cw, replay, endpoint_name, expected, timeout_s=30):
    """The instance gauge is sampled (MME_ENGINE_METRICS_SAMPLE_MS): poll until the newest minute shows it."""
    deadline = time.monotonic() + timeout_s
    while True:
        values = metric_data(cw, replay, "/aws/sagemaker/Endpoints", endpoint_name, "LoadedModelCount", "Maximum")
        if values and values[0] == expected:
            return Detail(None, {"LoadedModelCount": values[0]})
        if time.monotonic() > deadline:
            raise AssertionError(f"LoadedModelCount (Maximum, newest minute first): {values}, expected {expected} after {timeout_s} s")
        time.sleep(0.5)


def cloudwatch_steps(replay, cw, endpoint_name, log):
    g = "cloudwatch"
    replay.step(g, "get_metric_statistics Invocations (AWS/SageMaker)", lambda: check_statistics(cw, replay, endpoint_name, "Invocations", {"Sum": float(log.calls), "SampleCount": float(log.calls)}))
    replay.step(g, "get_metric_statistics ModelCacheHit (AWS/SageMaker)", lambda: check_statistics(cw, replay, endpoint_name, "ModelCacheHit", {"Sum": float(log.hits), "SampleCount": float(log.calls)}))
    replay.step(g, "get_metric_data ModelLoadingWaitTime (AWS/SageMaker)", lambda: check_loading_wait_time(cw, replay, endpoint_name, log))
    replay.step(g, "get_metric_data LoadedModelCount (/aws/sagemaker/Endpoints)", lambda: check_loaded_model_count(cw, replay, endpoint_name, float(len(log.served))))


# --- the AWS CLI -------------------------------------------------------------------------------


def aws_cli(engine, args):
    """`aws <args> --endpoint-url <engine>` with the engine's keys; pending when the CLI is missing outside CI."""
    if shutil.which("aws") is None:
        if os.environ.get("CI"):
            raise AssertionError("the AWS CLI is not installed (CI installs Debian's awscli)")
        raise Pending("the AWS CLI is not installed on this machine")
    done = subprocess.run(["aws", *args, "--endpoint-url", engine.url, "--region", engine.region], env=engine.aws_env(), capture_output=True, text=True, timeout=120)
    return done


def cli_json(engine, args):
    done = aws_cli(engine, args)
    assert done.returncode == 0, f"aws {' '.join(args[:2])} exited {done.returncode}: {done.stderr.strip()[-800:]}"
    return json.loads(done.stdout)


def wait_for_endpoint_like_the_notebook(sm_client, endpoint_name, poll_s, timeout_s=120):
    """The notebooks' describe_endpoint loop (they sleep 60 s between polls)."""
    deadline = time.monotonic() + timeout_s
    resp = sm_client.describe_endpoint(EndpointName=endpoint_name)
    status = resp["EndpointStatus"]
    polls = 1
    while status == "Creating":
        assert time.monotonic() < deadline, f"still Creating after {timeout_s} s"
        time.sleep(poll_s)
        resp = sm_client.describe_endpoint(EndpointName=endpoint_name)
        status = resp["EndpointStatus"]
        polls += 1
    assert status == "InService", f"EndpointStatus {status}: {resp.get('FailureReason')}"
    return Detail(resp, {"EndpointStatus": status, "EndpointArn": resp["EndpointArn"], "polls": polls})
