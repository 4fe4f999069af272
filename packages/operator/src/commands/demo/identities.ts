import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Emulator } from '@trailguard/test';
import type { AssumedRoleActor } from './cloudtrail-event';
import { HOME } from './emulated-deployment';

// Who acts in the demo: the attacker's role session and the function's execution role session,
// both real sessions of the emulator's STS.

export function sessionConfig(emulator: Emulator, region: string, credentials: AwsCredentialIdentity) {
  return { endpoint: emulator.endpoint, region, credentials, maxAttempts: 1 };
}

export async function assumeRole(emulator: Emulator, roleArn: string, session: string) {
  const sts = new STSClient(await emulator.clientConfig());
  try {
    const { Credentials, AssumedRoleUser } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session }),
    );
    const account = roleArn.split(':')[4] ?? '';
    const credentials: AwsCredentialIdentity = {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken,
    };
    const actor: AssumedRoleActor = {
      arn: AssumedRoleUser?.Arn ?? '',
      principalId: AssumedRoleUser?.AssumedRoleId ?? '',
      roleArn,
      accountId: account,
      accessKeyId: credentials.accessKeyId,
    };
    return { credentials, actor };
  } finally {
    sts.destroy();
  }
}

/** A role an attacker got hold of (a CI role with too much power), and a session in it. */
export async function attackerSession(emulator: Emulator, account: string) {
  const iam = await emulator.client(IAMClient, { account });
  try {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'ci-deployer',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
  } finally {
    iam.destroy();
  }
  return assumeRole(emulator, `arn:aws:iam::${account}:role/ci-deployer`, 'mallory');
}

/** The function's environment as Lambda gives it: its variables, region, and its role's credentials. */
export async function functionEnvironment(
  emulator: Emulator,
  fn: FunctionConfiguration,
): Promise<{ env: Record<string, string>; actor: AssumedRoleActor }> {
  // Lambda's session name for an execution role is the function name.
  const session = await assumeRole(emulator, fn.Role ?? '', fn.FunctionName ?? 'function');
  // Lambda gives a function the region it runs in (its ARN's), not the home region.
  const region = fn.FunctionArn?.split(':')[3] || HOME;
  const env = {
    ...(fn.Environment?.Variables ?? {}),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: fn.FunctionName ?? '',
    AWS_ACCESS_KEY_ID: session.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: session.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: session.credentials.sessionToken ?? '',
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return { env, actor: session.actor };
}
