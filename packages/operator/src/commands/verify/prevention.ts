import { IAMClient } from '@aws-sdk/client-iam';
import { ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { scpExemptPrincipals } from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import { firstMatch } from '../../arn-like';
import type { AwsClients } from '../../aws-clients';
import { resolvePrincipalArn } from '../../principal';

/** Whether the prevention SCP lets verify stop its canary, decided as the SCP decides it. */
export type PreventionVerdict =
  | { readonly kind: 'off' }
  /** The SCP does not reach the account: the management account, or one outside the OUs. */
  | { readonly kind: 'not-attached'; readonly reason: string }
  | { readonly kind: 'exempt'; readonly principal: string; readonly pattern: string }
  | { readonly kind: 'denied'; readonly principal: string };

/** What the verdict is made of, as read from AWS. */
export interface PreventionFacts {
  /** The account verify acts in. */
  readonly account: string;
  /** `aws:PrincipalArn` of the identity that will call StopLogging there (a role's IAM ARN for a session). */
  readonly principal: string;
  /** Whether the account is under one of the configured OUs; undefined when it could not be told. */
  readonly underTargets?: boolean;
}

/**
 * What the prevention SCP does to verify's StopLogging. The SCP is attached to the configured
 * OUs and never applies to the management account; it exempts principals whose ARN is
 * `ArnLike` one of its patterns (the break-glass principals among them). Pure.
 */
export function preventionVerdict(config: TrailGuardConfig, facts: PreventionFacts): PreventionVerdict {
  if (!config.prevention.enabled) return { kind: 'off' };
  if (facts.account === config.managementAccountId) {
    return { kind: 'not-attached', reason: 'no service control policy applies to the management account' };
  }
  if (facts.underTargets === false) {
    return {
      kind: 'not-attached',
      reason: `account ${facts.account} is not under the configured OUs the policy is attached to`,
    };
  }
  const pattern = firstMatch(scpExemptPrincipals(config.prevention.breakGlassPrincipals), facts.principal);
  return pattern
    ? { kind: 'exempt', principal: facts.principal, pattern }
    : { kind: 'denied', principal: facts.principal };
}

/** Reads the facts: who will act in `account`, and whether the SCP reaches that account. */
export async function readPreventionFacts(
  config: TrailGuardConfig,
  clients: AwsClients,
  where: { account: string; region: string; roleName: string },
): Promise<PreventionFacts> {
  const { account, region, roleName } = where;
  const callerAccount = await clients.callerAccountId(region);
  const principal =
    account === callerAccount
      ? await callerPrincipal(clients, region)
      : // verify assumes this role there (AwsClients.clientIn), by a path-less ARN.
        `arn:aws:iam::${account}:role/${roleName}`;
  return { account, principal, underTargets: await isUnderTargets(clients, account, config) };
}

async function callerPrincipal(clients: AwsClients, region: string): Promise<string> {
  const { Arn = '' } = await clients.client(STSClient, region).send(new GetCallerIdentityCommand({}));
  return resolvePrincipalArn(clients.client(IAMClient, region), Arn);
}

/** Walks up from the account to the root; undefined when Organizations cannot be read. */
async function isUnderTargets(
  clients: AwsClients,
  account: string,
  config: TrailGuardConfig,
): Promise<boolean | undefined> {
  const targets = new Set(config.organizationalUnits);
  const organizations = clients.client(OrganizationsClient, 'us-east-1');
  try {
    let child = account;
    for (let depth = 0; depth < 10; depth += 1) {
      const { Parents } = await organizations.send(new ListParentsCommand({ ChildId: child }));
      const parent = Parents?.[0];
      if (!parent?.Id) return false;
      if (targets.has(parent.Id)) return true;
      if (parent.Type === 'ROOT') return false;
      child = parent.Id;
    }
    return false;
  } catch {
    return undefined;
  }
}
