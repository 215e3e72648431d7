"""
The three calls of the SageMaker Python SDK the GPU MME notebooks make, `Session.default_bucket()`,
`Session.upload_data()` and `get_execution_role()`, making the same AWS calls in the same order as
the SDK (v2.257.6 `sagemaker/session.py`; v3 is the same), since the SDK is not installed here:

- default_bucket: STS GetCallerIdentity for the account -> `sagemaker-{region}-{account}`; the
  boto3 resource's `Bucket.creation_date` (S3 ListBuckets); when absent, STS again for
  ExpectedBucketOwner, HeadBucket(Bucket, ExpectedBucketOwner) and, on 404 "Not Found",
  CreateBucket (with a LocationConstraint outside us-east-1); when present, HeadBucket with
  ExpectedBucketOwner twice (two more STS calls).
- upload_data: `{key_prefix}/{file name}` through `s3.Object(bucket, key).upload_file`, with
  ExpectedBucketOwner from STS when the bucket is the SDK's own default (skipped if STS fails).
- get_execution_role: outside a SageMaker notebook, STS GetCallerIdentity's Arn, an assumed role
  rewritten to its IAM role, IAM GetRole for its path (failure tolerated); a non-role identity is a
  ValueError, as in the SDK.

One difference: the SDK gives its STS clients `endpoint_url=https://sts.<region>.amazonaws.com`
explicitly, which would bypass AWS_ENDPOINT_URL and reach AWS; here they take the configured
endpoint like every other client.
"""

import logging
import os
import re

import boto3
from botocore.exceptions import ClientError

LOGGER = logging.getLogger("sagemaker_lite")


def generate_default_sagemaker_bucket_name(boto_session):
    region = boto_session.region_name
    account = boto_session.client("sts", region_name=region).get_caller_identity()["Account"]
    return "sagemaker-{}-{}".format(region, account)


class Session:
    def __init__(self, boto_session=None, default_bucket=None, default_bucket_prefix=None):
        self.boto_session = boto_session or boto3.Session()
        self.boto_region_name = self.boto_session.region_name
        self.s3_resource = None
        self._default_bucket = None
        self._default_bucket_name_override = default_bucket
        self._default_bucket_set_by_sdk = False
        self.default_bucket_prefix = default_bucket_prefix

    def account_id(self):
        return self.boto_session.client("sts", region_name=self.boto_region_name).get_caller_identity()["Account"]

    def get_caller_identity_arn(self):
        assumed_role = self.boto_session.client("sts", region_name=self.boto_region_name).get_caller_identity()["Arn"]
        role = re.sub(r"^(.+)sts::(\d+):assumed-role/(.+?)/.*$", r"\1iam::\2:role/\3", assumed_role)
        role_name = role[role.rfind("/") + 1 :]
        try:
            role = self.boto_session.client("iam").get_role(RoleName=role_name)["Role"]["Arn"]
        except ClientError:
            LOGGER.warning("Couldn't call 'get_role' to get Role ARN from role name %s to get Role path.", role_name)
        return role

    def default_bucket(self):
        if self._default_bucket:
            return self._default_bucket
        region = self.boto_session.region_name
        default_bucket = self._default_bucket_name_override
        if not default_bucket:
            default_bucket = generate_default_sagemaker_bucket_name(self.boto_session)
            self._default_bucket_set_by_sdk = True
        self._create_s3_bucket_if_it_does_not_exist(bucket_name=default_bucket, region=region)
        self._default_bucket = default_bucket
        return self._default_bucket

    def _create_s3_bucket_if_it_does_not_exist(self, bucket_name, region):
        s3 = self.s3_resource or self.boto_session.resource("s3", region_name=region)
        bucket = s3.Bucket(name=bucket_name)
        if bucket.creation_date is None:
            self.general_bucket_check_if_user_has_permission(bucket_name, s3, bucket, region, True)
        elif self._default_bucket_set_by_sdk:
            self.general_bucket_check_if_user_has_permission(bucket_name, s3, bucket, region, False)
            self.expected_bucket_owner_id_bucket_check(bucket_name, s3, self.account_id())

    def expected_bucket_owner_id_bucket_check(self, bucket_name, s3, expected_bucket_owner_id):
        try:
            if self.default_bucket_prefix:
                s3.meta.client.list_objects_v2(Bucket=bucket_name, Prefix=self.default_bucket_prefix, ExpectedBucketOwner=expected_bucket_owner_id)
            else:
                s3.meta.client.head_bucket(Bucket=bucket_name, ExpectedBucketOwner=expected_bucket_owner_id)
        except ClientError as e:
            if e.response["Error"]["Code"] == "403" and e.response["Error"]["Message"] == "Forbidden":
                LOGGER.error("Bucket %s is not owned by account %s", bucket_name, expected_bucket_owner_id)
                raise

    def general_bucket_check_if_user_has_permission(self, bucket_name, s3, bucket, region, bucket_creation_date_none):
        extra_args = {}
        if self._default_bucket_set_by_sdk:
            extra_args["ExpectedBucketOwner"] = self.account_id()
        try:
            if self.default_bucket_prefix:
                s3.meta.client.list_objects_v2(Bucket=bucket_name, Prefix=self.default_bucket_prefix, **extra_args)
            else:
                s3.meta.client.head_bucket(Bucket=bucket_name, **extra_args)
        except ClientError as e:
            error_code = e.response["Error"]["Code"]
            message = e.response["Error"]["Message"]
            if bucket_creation_date_none:
                if error_code == "404" and message == "Not Found":
                    self.create_bucket_for_not_exist_error(bucket_name, region, s3)
                else:
                    raise

    def create_bucket_for_not_exist_error(self, bucket_name, region, s3):
        try:
            if region == "us-east-1":
                s3.create_bucket(Bucket=bucket_name)
            else:
                s3.create_bucket(Bucket=bucket_name, CreateBucketConfiguration={"LocationConstraint": region})
        except ClientError as e:
            if not (e.response["Error"]["Code"] == "OperationAborted" and "conflicting conditional operation" in e.response["Error"]["Message"]):
                raise

    def _get_account_id_if_default_bucket(self, bucket):
        if not bucket or not self._default_bucket_set_by_sdk:
            return None
        if self._default_bucket and bucket == self._default_bucket:
            try:
                return self.account_id()
            except Exception:  # noqa: BLE001 - the SDK skips the check when STS fails
                LOGGER.warning("Could not resolve caller account id for ExpectedBucketOwner check")
        return None

    def upload_data(self, path, bucket=None, key_prefix="data", callback=None, extra_args=None):
        if bucket:
            final_bucket, final_prefix = bucket, key_prefix
        else:
            final_bucket = self.default_bucket()
            final_prefix = "/".join(p for p in (self.default_bucket_prefix, key_prefix) if p)
        expected_owner = self._get_account_id_if_default_bucket(final_bucket)
        if expected_owner:
            extra_args = dict(extra_args) if extra_args else {}
            extra_args["ExpectedBucketOwner"] = expected_owner
        _, name = os.path.split(path)
        s3_key = "{}/{}".format(final_prefix, name)
        s3 = self.s3_resource or self.boto_session.resource("s3", region_name=self.boto_region_name)
        s3.Object(final_bucket, s3_key).upload_file(path, Callback=callback, ExtraArgs=extra_args)
        return "s3://{}/{}/{}".format(final_bucket, final_prefix, name)


def get_execution_role(sagemaker_session=None):
    sagemaker_session = sagemaker_session or Session()
    arn = sagemaker_session.get_caller_identity_arn()
    if ":role/" in arn:
        return arn
    raise ValueError("The current AWS identity is not a role: {}, therefore it cannot be used as a SageMaker execution role".format(arn))
