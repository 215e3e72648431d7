/** Who the engine's one access key is: an IAM user of the engine's account. */
export type CallerIdentity = { account: string; arn: string; userId: string };

/**
 * The IAM user name the engine's key belongs to. Stable, so scripts that print or match the
 * caller's ARN see the same one on every run and every machine.
 */
export const LOCAL_USER_NAME = "mme-local";
/**
 * Its unique id, in IAM's form for users: `AIDA` and 17 upper-case letters or digits (21 in all,
 * as AWS's documented example `AIDACKCEVSQ6C2EXAMPLE`). Fixed, like the name.
 */
export const LOCAL_USER_ID = "AIDAMMELOCALENGINE001";

/**
 * STS as far as the engine needs it: GetCallerIdentity, so code that derives names from the
 * account (the SageMaker SDK's `sagemaker-{region}-{account}` bucket) finds the engine's. It has
 * no state; the engine has one key, so every caller is the same user.
 */
export class StsBackend {
  private readonly identity: CallerIdentity;

  constructor(opts: { accountId: string }) {
    this.identity = { account: opts.accountId, arn: `arn:aws:iam::${opts.accountId}:user/${LOCAL_USER_NAME}`, userId: LOCAL_USER_ID };
  }

  getCallerIdentity(): CallerIdentity {
    return this.identity;
  }
}
