import { GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam';

/**
 * The IAM ARN behind a caller as GetCallerIdentity names it — what `aws:PrincipalArn` holds and
 * what the IAM policy simulator takes: a role session (`arn:aws:sts::A:assumed-role/NAME/SESSION`)
 * is its role, `arn:aws:iam::A:role/NAME` (without the role's path, which that ARN does not
 * carry); users and roots are their own ARN. Pure.
 */
export function principalArnOf(callerArn: string): { arn: string; roleName?: string } {
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  if (!session) return { arn: callerArn };
  const [, partition, account, roleName] = session;
  return { arn: `arn:${partition}:iam::${account}:role/${roleName}`, roleName };
}

/**
 * The caller's IAM ARN with its role's path (IAM Identity Center roles live under
 * `aws-reserved/…`), read with iam:GetRole; without that permission, the ARN without the path.
 */
export async function resolvePrincipalArn(iam: IAMClient, callerArn: string): Promise<string> {
  const { arn, roleName } = principalArnOf(callerArn);
  if (!roleName) return arn;
  try {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleName }));
    return Role?.Arn ?? arn;
  } catch {
    return arn;
  }
}
