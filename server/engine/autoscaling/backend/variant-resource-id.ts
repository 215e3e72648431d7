/**
 * A SageMaker variant's ResourceId, `endpoint/<endpoint>/variant/<variant>` (AWS's form for the
 * `sagemaker:variant:DesiredInstanceCount` dimension). Names follow SageMaker's pattern.
 */
const VARIANT_RESOURCE_ID = /^endpoint\/([a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62})\/variant\/([a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62})$/;

export type VariantRef = { endpointName: string; variantName: string };

export function parseVariantResourceId(resourceId: string): VariantRef | undefined {
  const m = VARIANT_RESOURCE_ID.exec(resourceId);
  return m ? { endpointName: m[1]!, variantName: m[2]! } : undefined;
}
