import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from './aws-clients';
import type { CheckResult } from './checklist';

/** The service principal whose trusted access service-managed StackSets need. */
export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';
/** The SSM parameter `cdk bootstrap` writes (default qualifier). */
export const CDK_BOOTSTRAP_PARAMETER = '/cdk-bootstrap/hnb659fds/version';
/** The lowest bootstrap version templates of aws-cdk-lib 2 accept. */
export const MIN_BOOTSTRAP_VERSION = 6;

/** The result of one lookup: its value, or the AWS error that stopped it. */
export type Fact<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

/** Everything the preflight checks look at, as read from AWS. */
export interface PreflightFacts {
  readonly caller: Fact<{ account: string; arn: string }>;
  /** Absent when there were no credentials to look further with. */
  readonly organization?: Fact<{ id: string; managementAccountId: string; featureSet: string }>;
  readonly roots?: Fact<ReadonlyArray<{ id: string; name: string }>>;
  readonly trustedServices?: Fact<readonly string[]>;
  /** OU id → its name, or undefined when the organization has no such OU. */
  readonly units?: Readonly<Record<string, Fact<string | undefined>>>;
  /** The security account's state and name, or undefined when it is not a member. */
  readonly securityAccount?: Fact<{ state: string; name: string } | undefined>;
  /** Region → the bootstrap version there, or undefined when not bootstrapped. */
  readonly bootstrap?: Readonly<Record<string, Fact<number | undefined>>>;
  /** Region → opt-in status as EC2 DescribeRegions reports it. */
  readonly regionStatus?: Fact<Readonly<Record<string, string>>>;
}

async function fact<T>(read: () => Promise<T>): Promise<Fact<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function isNamed(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

/** Reads, from the caller's account, everything the preflight checks need (calls run in parallel). */
export async function gatherPreflightFacts(
  config: TrailGuardConfig,
  clients: AwsClients,
): Promise<PreflightFacts> {
  const home = config.homeRegion;
  const caller = await fact(async () => {
    const identity = await clients.client(STSClient, home).send(new GetCallerIdentityCommand({}));
    return { account: identity.Account ?? '', arn: identity.Arn ?? '' };
  });
  if (!caller.ok) return { caller };
  // Organizations is a global service served from us-east-1 (aws partition).
  const organizations = clients.client(OrganizationsClient, 'us-east-1');
  const unitIds = config.organizationalUnits.filter((id) => id.startsWith('ou-'));

  const [organization, roots, trustedServices, unitFacts, securityAccount, bootstrapFacts, regionStatus] =
    await Promise.all([
      fact(async () => {
        const { Organization } = await organizations.send(new DescribeOrganizationCommand({}));
        return {
          id: Organization?.Id ?? '',
          managementAccountId: Organization?.MasterAccountId ?? '',
          featureSet: Organization?.FeatureSet ?? '',
        };
      }),
      fact(async () => {
        const { Roots } = await organizations.send(new ListRootsCommand({}));
        return (Roots ?? []).map((r) => ({ id: r.Id ?? '', name: r.Name ?? '' }));
      }),
      fact(async () => {
        const services: string[] = [];
        let NextToken: string | undefined;
        do {
          const page = await organizations.send(
            new ListAWSServiceAccessForOrganizationCommand({ NextToken }),
          );
          for (const s of page.EnabledServicePrincipals ?? [])
            if (s.ServicePrincipal) services.push(s.ServicePrincipal);
          NextToken = page.NextToken;
        } while (NextToken);
        return services;
      }),
      Promise.all(
        unitIds.map(async (id) => {
          const result = await fact(async () => {
            try {
              const { OrganizationalUnit } = await organizations.send(
                new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id }),
              );
              return OrganizationalUnit?.Name ?? id;
            } catch (error) {
              if (isNamed(error, 'OrganizationalUnitNotFoundException')) return undefined;
              throw error;
            }
          });
          return [id, result] as const;
        }),
      ),
      fact(async () => {
        try {
          const { Account } = await organizations.send(
            new DescribeAccountCommand({ AccountId: config.securityAccountId }),
          );
          return { state: Account?.State ?? Account?.Status ?? 'UNKNOWN', name: Account?.Name ?? '' };
        } catch (error) {
          if (isNamed(error, 'AccountNotFoundException')) return undefined;
          throw error;
        }
      }),
      // Only the parent stack is a CDK stack, in the home region; the rest are StackSets it creates.
      Promise.all(
        [config.homeRegion].map(async (region) => {
          const result = await fact(async () => {
            try {
              const { Parameter } = await clients
                .client(SSMClient, region)
                .send(new GetParameterCommand({ Name: CDK_BOOTSTRAP_PARAMETER }));
              return Number(Parameter?.Value);
            } catch (error) {
              if (isNamed(error, 'ParameterNotFound')) return undefined;
              throw error;
            }
          });
          return [region, result] as const;
        }),
      ),
      fact(async () => {
        const { Regions } = await clients
          .client(EC2Client, home)
          .send(new DescribeRegionsCommand({ AllRegions: true }));
        return Object.fromEntries((Regions ?? []).map((r) => [r.RegionName ?? '', r.OptInStatus ?? '']));
      }),
    ]);

  return {
    caller,
    organization,
    roots,
    trustedServices,
    units: Object.fromEntries(unitFacts),
    securityAccount,
    bootstrap: Object.fromEntries(bootstrapFacts),
    regionStatus,
  };
}

const ENABLED_REGION = new Set(['opt-in-not-required', 'opted-in']);

// Errors that say AWS (or the configured endpoint) could not be reached at all, as Node and the
// SDK word them: signing in again would not help.
const UNREACHABLE =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|socket hang up|TimeoutError/;

/** Turns the facts into the checklist, each failure with the exact fix. Pure. */
export function evaluatePreflight(
  config: TrailGuardConfig,
  facts: PreflightFacts,
  configFile = 'the configuration file',
): CheckResult[] {
  const checks: CheckResult[] = [];
  const mgmt = config.managementAccountId;
  const cannotCheck = (f: { error: string }, permission: string) => ({
    detail: `could not check (${f.error})`,
    fix: `Allow ${permission} to the caller in the management account ${mgmt}, then run this again.`,
  });

  const caller = facts.caller;
  checks.push(
    caller.ok
      ? { id: 'credentials', title: 'AWS credentials', status: 'pass', detail: caller.value.arn }
      : {
          id: 'credentials',
          title: 'AWS credentials',
          status: 'fail',
          detail: caller.error,
          fix: UNREACHABLE.test(caller.error)
            ? 'AWS did not answer: check the network and any proxy (HTTPS_PROXY), and the endpoint if ' +
              '--endpoint-url or AWS_ENDPOINT_URL is set; the credentials were not the problem.'
            : `Sign in to the management account ${mgmt}: \`aws sso login --profile <profile>\` and ` +
              '`export AWS_PROFILE=<profile>` (or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).',
        },
  );

  const skipRest = (id: string, title: string): CheckResult => ({
    id,
    title,
    status: 'skipped',
    detail: 'needs working credentials',
  });
  const orgFact = facts.organization;
  if (!caller.ok || !orgFact) {
    checks.push(
      skipRest('management-account', `Caller is the management account ${mgmt}`),
      skipRest(
        'organization',
        `Organization ${config.organizationId} with root ${config.organizationRootId}`,
      ),
      skipRest('all-features', 'Organization has all features enabled'),
      skipRest('trusted-access', 'Trusted access for CloudFormation StackSets'),
      ...config.organizationalUnits.map((id) => skipRest(`ou:${id}`, `Organizational unit ${id} exists`)),
      skipRest('security-account', `Security account ${config.securityAccountId} is an active member`),
      skipRest('bootstrap', `CDK bootstrap of account ${mgmt} in ${config.homeRegion}`),
      skipRest('regions', `Regions enabled: ${config.regions.join(', ')}`),
    );
    return checks;
  }

  // The caller and the organization's management account.
  const callerAccount = caller.value.account;
  if (!orgFact.ok) {
    const notInOrg = /AWSOrganizationsNotInUseException/.test(orgFact.error);
    checks.push({
      id: 'management-account',
      title: `Caller is the management account ${mgmt}`,
      status: 'fail',
      detail: notInOrg ? `account ${callerAccount} is not in an organization` : orgFact.error,
      fix: notInOrg
        ? `Use credentials of the management account ${mgmt}, or create the organization there (Organizations console → Create an organization).`
        : `Use credentials of the management account ${mgmt} allowed organizations:DescribeOrganization.`,
    });
  } else {
    const org = orgFact.value;
    const problems: string[] = [];
    const fixes: string[] = [];
    if (callerAccount !== mgmt) {
      problems.push(`you are signed in to account ${callerAccount}`);
      fixes.push(
        `Use credentials of the management account ${mgmt} (e.g. \`aws sso login --profile <management-profile>\`).`,
      );
    }
    if (org.managementAccountId !== mgmt) {
      problems.push(`the organization's management account is ${org.managementAccountId}`);
      fixes.push(
        `If that is the organization to protect, set managementAccountId: "${org.managementAccountId}" in ${configFile}.`,
      );
    }
    const fix = fixes.join('\n');
    checks.push({
      id: 'management-account',
      title: `Caller is the management account ${mgmt}`,
      status: problems.length ? 'fail' : 'pass',
      detail: problems.length ? problems.join('; ') : caller.value.arn,
      ...(problems.length ? { fix } : {}),
    });
  }

  // Organization and root ids.
  if (orgFact.ok && facts.roots?.ok) {
    const org = orgFact.value;
    const rootIds = facts.roots.value.map((r) => r.id);
    const problems: string[] = [];
    const fixes: string[] = [];
    if (org.id !== config.organizationId) {
      problems.push(`the organization is ${org.id}`);
      fixes.push(`organizationId: ${org.id}`);
    }
    if (!rootIds.includes(config.organizationRootId)) {
      problems.push(`its root is ${rootIds.join(', ')}`);
      fixes.push(`organizationRootId: ${rootIds[0] ?? '?'}`);
    }
    checks.push({
      id: 'organization',
      title: `Organization ${config.organizationId} with root ${config.organizationRootId}`,
      status: problems.length ? 'fail' : 'pass',
      ...(problems.length
        ? { detail: problems.join('; '), fix: `Set ${fixes.join(' and ')} in ${configFile}.` }
        : {}),
    });
  } else {
    const failed = !orgFact.ok ? orgFact : facts.roots && !facts.roots.ok ? facts.roots : undefined;
    checks.push({
      id: 'organization',
      title: `Organization ${config.organizationId} with root ${config.organizationRootId}`,
      status: 'fail',
      ...cannotCheck(
        failed ?? { error: 'no answer' },
        'organizations:DescribeOrganization and organizations:ListRoots',
      ),
    });
  }

  // All features.
  checks.push(
    orgFact.ok
      ? orgFact.value.featureSet === 'ALL'
        ? { id: 'all-features', title: 'Organization has all features enabled', status: 'pass' }
        : {
            id: 'all-features',
            title: 'Organization has all features enabled',
            status: 'fail',
            detail: `feature set is ${orgFact.value.featureSet}`,
            fix:
              'Organizations console → Settings → "Begin process to enable all features" (or `aws organizations enable-all-features`); ' +
              'every member account then accepts the request.',
          }
      : {
          id: 'all-features',
          title: 'Organization has all features enabled',
          status: 'fail',
          ...cannotCheck(orgFact, 'organizations:DescribeOrganization'),
        },
  );

  // Trusted access for StackSets.
  const trusted = facts.trustedServices;
  checks.push(
    trusted?.ok
      ? trusted.value.includes(STACKSETS_SERVICE_PRINCIPAL)
        ? { id: 'trusted-access', title: 'Trusted access for CloudFormation StackSets', status: 'pass' }
        : {
            id: 'trusted-access',
            title: 'Trusted access for CloudFormation StackSets',
            status: 'fail',
            detail: `${STACKSETS_SERVICE_PRINCIPAL} is not enabled`,
            fix:
              `Run \`aws cloudformation activate-organizations-access --region ${config.homeRegion}\` in the management account, ` +
              'or CloudFormation console → StackSets → "Activate trusted access".',
          }
      : {
          id: 'trusted-access',
          title: 'Trusted access for CloudFormation StackSets',
          status: 'fail',
          ...cannotCheck(
            trusted ?? { error: 'no answer' },
            'organizations:ListAWSServiceAccessForOrganization',
          ),
        },
  );

  // Every configured OU (or the root).
  for (const id of config.organizationalUnits) {
    const title = `Organizational unit ${id} exists`;
    if (id.startsWith('r-')) {
      const root = facts.roots?.ok ? facts.roots.value.find((r) => r.id === id) : undefined;
      checks.push(
        root
          ? { id: `ou:${id}`, title, status: 'pass', detail: `${root.name} (the whole organization)` }
          : {
              id: `ou:${id}`,
              title,
              status: 'fail',
              detail: 'no such root',
              fix: `Replace ${id} in organizationalUnits of ${configFile} with the root id \`aws organizations list-roots\` prints.`,
            },
      );
      continue;
    }
    const unit = facts.units?.[id];
    if (unit?.ok && unit.value !== undefined) {
      checks.push({ id: `ou:${id}`, title, status: 'pass', detail: unit.value });
    } else if (unit?.ok) {
      checks.push({
        id: `ou:${id}`,
        title,
        status: 'fail',
        detail: `no such OU in ${config.organizationId}`,
        fix:
          `Correct organizationalUnits in ${configFile}; list the OUs with ` +
          `\`aws organizations list-organizational-units-for-parent --parent-id ${config.organizationRootId}\`.`,
      });
    } else {
      checks.push({
        id: `ou:${id}`,
        title,
        status: 'fail',
        ...cannotCheck(unit ?? { error: 'no answer' }, 'organizations:DescribeOrganizationalUnit'),
      });
    }
  }

  // The security account.
  const security = facts.securityAccount;
  const securityTitle = `Security account ${config.securityAccountId} is an active member`;
  if (security?.ok && security.value?.state === 'ACTIVE') {
    checks.push({
      id: 'security-account',
      title: securityTitle,
      status: 'pass',
      detail: security.value.name,
    });
  } else if (security?.ok && security.value) {
    checks.push({
      id: 'security-account',
      title: securityTitle,
      status: 'fail',
      detail: `${security.value.name} is ${security.value.state}`,
      fix: `A ${security.value.state.toLowerCase()} account cannot receive the central stack: set securityAccountId in ${configFile} to an active account.`,
    });
  } else if (security?.ok) {
    checks.push({
      id: 'security-account',
      title: securityTitle,
      status: 'fail',
      detail: `not a member of ${config.organizationId}`,
      fix:
        `Invite it (\`aws organizations invite-account-to-organization --target Id=${config.securityAccountId},Type=ACCOUNT\`) ` +
        `or set securityAccountId in ${configFile} to a member account.`,
    });
  } else {
    checks.push({
      id: 'security-account',
      title: securityTitle,
      status: 'fail',
      ...cannotCheck(security ?? { error: 'no answer' }, 'organizations:DescribeAccount'),
    });
  }

  // CDK bootstrap: the parent stack (and the member template it passes by URL) is in the home region.
  const bootstrapTitle = `CDK bootstrap (version ≥ ${MIN_BOOTSTRAP_VERSION}) of account ${mgmt} in ${config.homeRegion}`;
  const notBootstrapped: string[] = [];
  const unreadable: string[] = [];
  for (const region of [config.homeRegion]) {
    const f = facts.bootstrap?.[region];
    if (!f?.ok) unreadable.push(`${region}: ${f?.error ?? 'no answer'}`);
    else if (f.value === undefined || !(f.value >= MIN_BOOTSTRAP_VERSION)) notBootstrapped.push(region);
  }
  if (notBootstrapped.length === 0 && unreadable.length === 0) {
    checks.push({ id: 'bootstrap', title: bootstrapTitle, status: 'pass' });
  } else {
    const fixes: string[] = [];
    if (notBootstrapped.length) {
      fixes.push(
        `Run \`pnpm exec cdk bootstrap ${notBootstrapped.map((r) => `aws://${mgmt}/${r}`).join(' ')}\` with the management account's credentials.`,
      );
    }
    if (unreadable.length) fixes.push(`Allow ssm:GetParameter on ${CDK_BOOTSTRAP_PARAMETER} to the caller.`);
    checks.push({
      id: 'bootstrap',
      title: bootstrapTitle,
      status: 'fail',
      detail: [
        notBootstrapped.length ? `not bootstrapped in ${notBootstrapped.join(', ')}` : '',
        ...unreadable.map((u) => `could not check ${u}`),
      ]
        .filter(Boolean)
        .join('; '),
      fix: fixes.join('\n'),
    });
  }

  // Regions enabled.
  const regionsTitle = `Regions enabled in account ${callerAccount}: ${config.regions.join(', ')}`;
  const status = facts.regionStatus;
  if (status?.ok) {
    const disabled = config.regions.filter((r) => !ENABLED_REGION.has(status.value[r] ?? 'not-opted-in'));
    checks.push(
      disabled.length === 0
        ? { id: 'regions', title: regionsTitle, status: 'pass' }
        : {
            id: 'regions',
            title: regionsTitle,
            status: 'fail',
            detail: `not enabled: ${disabled.join(', ')}`,
            fix:
              `${disabled.map((r) => `\`aws account enable-region --region-name ${r}\``).join(' and ')} ` +
              '(or Account console → AWS Regions → Enable); member accounts must enable opt-in regions too.',
          },
    );
  } else {
    checks.push({
      id: 'regions',
      title: regionsTitle,
      status: 'fail',
      ...cannotCheck(status ?? { error: 'no answer' }, 'ec2:DescribeRegions'),
    });
  }
  return checks;
}

/** Gathers the facts and evaluates them: the checks doctor prints and deploy requires. */
export async function runPreflight(
  config: TrailGuardConfig,
  clients: AwsClients,
  configFile?: string,
): Promise<CheckResult[]> {
  return evaluatePreflight(config, await gatherPreflightFacts(config, clients), configFile);
}
