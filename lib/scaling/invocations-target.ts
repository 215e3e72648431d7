/**
 * AWS's sizing rule for a target-tracking policy on SageMakerVariantInvocationsPerInstance
 * ("Load testing your auto scaling configuration", SageMaker developer guide,
 * https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-scaling-loadtest.html):
 *
 *   SageMakerVariantInvocationsPerInstance = (MAX_RPS * SAFETY_FACTOR) * 60
 *
 * MAX_RPS is the most requests per second one instance handles before latency rises or requests
 * fail; the 60 turns it into the per-minute figure CloudWatch and the policy use (not needed when
 * the peak is already per minute); AWS suggests starting with a SAFETY_FACTOR of 0.5.
 */
export const AWS_SAFETY_FACTOR = 0.5;

/** The target from a peak measured in requests per second per instance. */
export function targetFromPeakRps(maxRps: number, safetyFactor = AWS_SAFETY_FACTOR): number {
  return roundTarget(maxRps * safetyFactor * 60);
}

/** The target from a peak already per minute per instance (the endpoint's own InvocationsPerInstance): no × 60. */
export function targetFromPeakPerMinute(maxPerMinute: number, safetyFactor = AWS_SAFETY_FACTOR): number {
  return roundTarget(maxPerMinute * safetyFactor);
}

/** A target is a count per minute: whole numbers above 10, one decimal below (a quiet endpoint's 0.5 must not become 0 or 1). */
function roundTarget(v: number): number {
  if (!Number.isFinite(v) || v <= 0) return 0;
  return v >= 10 ? Math.round(v) : Math.round(v * 10) / 10;
}
