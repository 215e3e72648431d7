/**
 * SageMaker's NVIDIA Triton Inference Server images, one ECR account per region
 * (as listed in AWS's Triton-on-SageMaker examples). The create form defaults to the
 * image of the console's region; any other image URI can be typed in.
 */
const TRITON_ACCOUNTS: Record<string, string> = {
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
  "sa-east-1": "756306329178",
  "ca-central-1": "464438896020",
  "me-south-1": "836785723513",
  "af-south-1": "774647643957",
};

export const DEFAULT_TRITON_TAG = "24.09-py3";

/** The default Triton image for a region, or undefined where SageMaker publishes none. */
export function defaultTritonImage(region: string, tag: string = DEFAULT_TRITON_TAG): string | undefined {
  const account = TRITON_ACCOUNTS[region];
  return account ? `${account}.dkr.ecr.${region}.amazonaws.com/sagemaker-tritonserver:${tag}` : undefined;
}

/** True for an image URI from SageMaker's own Triton repositories. */
export function isSageMakerTritonImage(image: string): boolean {
  return /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/sagemaker-tritonserver:[\w.-]+$/.test(image);
}
