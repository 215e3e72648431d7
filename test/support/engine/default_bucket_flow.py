"""What the SageMaker Python SDK's Session().default_bucket() and upload_string_as_file_body()
ask of AWS, call for call, made the SDK's way with boto3 against the engine; then a bucket owner
condition naming another account, and IAM (which the engine does not serve).

The calls follow sagemaker-core's helper/session_helper.py (aws/sagemaker-python-sdk):
  generate_default_sagemaker_bucket_name: sts get_caller_identity -> "sagemaker-{region}-{account}"
  _create_s3_bucket_if_it_does_not_exist: s3.Bucket(name).creation_date (boto3 loads it with ListBuckets)
  general_bucket_check_if_user_has_permission: account_id() (sts again), head_bucket(Bucket,
    ExpectedBucketOwner); on code "404" and message "Not Found", create_bucket_for_not_exist_error:
    create_bucket(Bucket[, CreateBucketConfiguration={"LocationConstraint": region}] outside us-east-1)
  when the bucket already exists: the same head_bucket, then expected_bucket_owner_id_bucket_check:
    account_id() and head_bucket(Bucket, ExpectedBucketOwner) once more
  upload_string_as_file_body into the default bucket: account_id(), then Object.put(Body, ExpectedBucketOwner)
The SDK builds its STS client with endpoint_url=sts_regional_endpoint(region); the engine stands in
for that endpoint here. Every other client finds the engine through AWS_ENDPOINT_URL, as unchanged
code would. Where the SDK logs and re-raises, this replay raises.

Usage: python3 default_bucket_flow.py <engine-url> <region>; prints JSON: every call botocore
made (service.Operation, the ExpectedBucketOwner it sent, status, error code and message), by phase.
"""

import json
import sys

import boto3
from botocore.exceptions import ClientError

ENDPOINT, REGION = sys.argv[1], sys.argv[2]
WRONG_ACCOUNT = "111111111111"

phases = {}
current = []


def phase(name):
    global current
    current = phases[name] = []


def before_call(model, params, event_name, **_):
    service = event_name.split(".")[1]
    current.append({"call": f"{service}.{model.name}", "expectedBucketOwner": params["headers"].get("x-amz-expected-bucket-owner")})


def after_call(http_response, parsed, **_):
    error = parsed.get("Error", {})
    current[-1].update(status=http_response.status_code, code=error.get("Code"), message=error.get("Message"))


def new_session():
    session = boto3.Session(region_name=REGION)
    session.events.register("before-call", before_call)
    session.events.register("after-call", after_call)
    return session


class SageMakerSessionReplay:
    """One sagemaker.Session whose default bucket name the SDK generates (_default_bucket_set_by_sdk)."""

    def __init__(self):
        self.boto_session = new_session()
        self.bucket = None

    def account_id(self):
        sts = self.boto_session.client("sts", region_name=REGION, endpoint_url=ENDPOINT)
        return sts.get_caller_identity()["Account"]

    def default_bucket(self):
        name = "sagemaker-{}-{}".format(REGION, self.account_id())
        s3 = self.boto_session.resource("s3", region_name=REGION)
        bucket = s3.Bucket(name=name)
        if bucket.creation_date is None:
            self.head_or_create(s3, name)
        else:
            s3.meta.client.head_bucket(Bucket=name, ExpectedBucketOwner=self.account_id())
            s3.meta.client.head_bucket(Bucket=name, ExpectedBucketOwner=self.account_id())
        self.bucket = name
        return name

    def head_or_create(self, s3, name):
        try:
            s3.meta.client.head_bucket(Bucket=name, ExpectedBucketOwner=self.account_id())
        except ClientError as e:
            error = e.response["Error"]
            if error["Code"] != "404" or error["Message"] != "Not Found":
                raise
            if REGION == "us-east-1":
                s3.create_bucket(Bucket=name)
            else:
                s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})

    def upload_string_as_file_body(self, body, key):
        s3 = self.boto_session.resource("s3", region_name=REGION)
        s3.Object(bucket_name=self.bucket, key=key).put(Body=body, ExpectedBucketOwner=self.account_id())
        return "s3://{}/{}".format(self.bucket, key)


def refused(call):
    try:
        call()
    except ClientError:
        return
    raise AssertionError("the call succeeded")


phase("first")
first = SageMakerSessionReplay()
bucket = first.default_bucket()

phase("again")
again = SageMakerSessionReplay()
again.default_bucket()
uri = again.upload_string_as_file_body(b"print('hello')\n", "code/entry.py")

phase("wrongOwner")
s3 = new_session().client("s3", region_name=REGION)
refused(lambda: s3.head_bucket(Bucket=bucket, ExpectedBucketOwner=WRONG_ACCOUNT))
refused(lambda: s3.put_object(Bucket=bucket, Key="squatted.txt", Body=b"x", ExpectedBucketOwner=WRONG_ACCOUNT))
refused(lambda: s3.head_object(Bucket=bucket, Key="squatted.txt"))
stored = s3.get_object(Bucket=bucket, Key="code/entry.py")["Body"].read().decode()

phase("iam")
iam = new_session().client("iam", region_name=REGION)
refused(lambda: iam.get_role(RoleName="SageMakerExecutionRole"))

print(json.dumps({"bucket": bucket, "uri": uri, "stored": stored, "phases": phases}))
