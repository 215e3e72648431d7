import { AwsError } from "../../aws-error";
import { SAGEMAKER_NAMESPACE, VARIANT_DIMENSION } from "../backend/types";

/**
 * Application Auto Scaling's errors (all HTTP 400, codes from the service model
 * application-autoscaling 2016-02-06). The not-found wordings are AWS's, as its answers are quoted
 * in public threads and as moto words them; the ones marked "ours" could not be confirmed.
 */
export const validation = (message: string) => new AwsError("ValidationException", message, 400);

type TargetKey = { ServiceNamespace: string; ResourceId: string; ScalableDimension: string };
const target = (k: TargetKey) =>
  `service namespace: ${k.ServiceNamespace}, resource ID: ${k.ResourceId}, scalable dimension: ${k.ScalableDimension}`;

/** PutScalingPolicy and PutScheduledAction on a target that is not registered. */
export const targetNotRegistered = (k: TargetKey) => new AwsError("ObjectNotFoundException", `No scalable target registered for ${target(k)}`, 400);

/** DeregisterScalableTarget of a target that is not registered. */
export const targetNotFound = (k: TargetKey) => new AwsError("ObjectNotFoundException", `No scalable target found for ${target(k)}`, 400);

export const policyNotFound = (k: TargetKey, policyName: string) =>
  new AwsError("ObjectNotFoundException", `No scaling policy found for ${target(k)}, policy name: ${policyName}`, 400);

export const scheduledActionNotFound = (k: TargetKey, actionName: string) =>
  new AwsError("ObjectNotFoundException", `No scheduled action found for ${target(k)}, scheduled action name: ${actionName}`, 400);

/** Ours: AWS's wording for a token it did not issue is not documented. */
export const invalidNextToken = () => new AwsError("InvalidNextTokenException", "Invalid NextToken.", 400);

/** A namespace or dimension AWS serves and the engine does not (ours: the engine's own limit). */
export const notServedHere = (k: { ServiceNamespace: string; ScalableDimension?: string }) =>
  validation(
    `The local engine serves Application Auto Scaling for SageMaker endpoint variants only ` +
      `(ServiceNamespace ${SAGEMAKER_NAMESPACE}, ScalableDimension ${VARIANT_DIMENSION}), not ` +
      (k.ServiceNamespace === SAGEMAKER_NAMESPACE ? `ScalableDimension ${k.ScalableDimension ?? ""}.` : `ServiceNamespace ${k.ServiceNamespace}.`),
  );

/** Moto's wording (AWS's is not documented) for a ResourceId that is not `endpoint/<e>/variant/<v>`. */
export const unsupportedResource = () => validation("Unsupported service namespace, resource type or scalable dimension");

/** Ours: the variant a target names must exist (SageMaker's own check on AWS; its text is not public). */
export const variantNotFound = (endpointName: string, variantName: string) =>
  validation(`The endpoint ${endpointName} does not exist or has no variant ${variantName}.`);

export const stepScalingRefused = () =>
  validation(
    "The local engine supports TargetTrackingScaling policies only: StepScaling needs CloudWatch alarms, which it does not evaluate. " +
      "Use a target-tracking policy, or run against AWS for step scaling.",
  );

export const predictiveScalingRefused = () =>
  validation("The local engine supports TargetTrackingScaling policies only: PredictiveScaling is not available for SageMaker variants.");
