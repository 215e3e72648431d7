import { AwsError } from "../../aws-error";

/** STS's API version: requests name it in `Version`, responses in their namespace. */
export const STS_VERSION = "2011-06-15";

/** awsQuery without an Action. Guess at the wording: AWS's is not documented; CloudWatch's here says the same. */
export const missingAction = () => new AwsError("MissingAction", "The request must contain the parameter Action.", 400);

/**
 * Any action but GetCallerIdentity. AWS answers an action STS does not have with InvalidAction
 * ("Could not find operation X for version 2011-06-15"); the engine says what it serves instead,
 * for STS's real actions (AssumeRole...) too, which it does not emulate.
 */
export const actionNotServed = (action: string) =>
  new AwsError("InvalidAction", `The local engine serves only the STS action GetCallerIdentity, not ${action}.`, 400);

/** A Version other than 2011-06-15: AWS's wording for an operation it cannot find in that version. */
export const unknownVersion = (action: string, version: string) =>
  new AwsError("InvalidAction", `Could not find operation ${action} for version ${version}`, 400);
