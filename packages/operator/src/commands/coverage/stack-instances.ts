import {
  CloudFormationClient,
  DescribeStackSetCommand,
  ListStackInstancesCommand,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import { SNSClient } from '@aws-sdk/client-sns';
import { VERSION_TAG } from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import { TRAILGUARD_VERSION } from '@trailguard/config/defaults';
import { TRAILGUARD_NAMES } from '@trailguard/member-stack/names';
import type { AwsClients } from '../../aws-clients';
import { unconfirmedAddresses } from '../doctor/checks/delivery';
import { readSubscriptions, SECURITY_ACCOUNT_ROLE } from '../doctor/delivery-facts';
import type { DeploymentPlan } from '../plan/deployment-plan';
import {
  assessCoverage,
  type CoverageReport,
  type StackInstanceFact,
  type UnconfirmedRecipients,
} from './coverage';

/** Reads every stack instance of a StackSet, page by page; none when the StackSet does not exist. */
export async function listStackInstances(
  cloudformation: CloudFormationClient,
  stackSetName: string,
  callAs: 'SELF' | 'DELEGATED_ADMIN',
  onPage?: (count: number) => void,
): Promise<StackInstanceFact[]> {
  const facts: StackInstanceFact[] = [];
  let NextToken: string | undefined;
  do {
    let page: Awaited<ReturnType<typeof listPage>>;
    try {
      page = await listPage(cloudformation, stackSetName, callAs, NextToken);
    } catch (error) {
      // Not deployed yet: every expected instance is missing, which the report shows.
      if (error instanceof Error && error.name === 'StackSetNotFoundException') return facts;
      throw error;
    }
    for (const s of page.Summaries ?? []) facts.push(toFact(s));
    onPage?.(facts.length);
    NextToken = page.NextToken;
  } while (NextToken);
  return facts;
}

function listPage(
  cloudformation: CloudFormationClient,
  stackSetName: string,
  callAs: 'SELF' | 'DELEGATED_ADMIN',
  NextToken: string | undefined,
) {
  return cloudformation.send(
    new ListStackInstancesCommand({ StackSetName: stackSetName, CallAs: callAs, NextToken, MaxResults: 100 }),
  );
}

function toFact(s: StackInstanceSummary): StackInstanceFact {
  return {
    account: s.Account ?? '',
    region: s.Region ?? '',
    status: s.Status ?? '',
    detailedStatus: s.StackInstanceStatus?.DetailedStatus,
    reason: s.StatusReason,
    ...(s.OrganizationalUnitId ? { organizationalUnitId: s.OrganizationalUnitId } : {}),
  };
}

/** The version a StackSet records in its version tag; undefined when it does not exist or has none. */
export async function readStackSetVersion(
  cloudformation: CloudFormationClient,
  stackSetName: string,
  callAs: 'SELF' | 'DELEGATED_ADMIN',
): Promise<string | undefined> {
  try {
    const { StackSet } = await cloudformation.send(
      new DescribeStackSetCommand({ StackSetName: stackSetName, CallAs: callAs }),
    );
    return StackSet?.Tags?.find((t) => t.Key === VERSION_TAG)?.Value;
  } catch (error) {
    if (error instanceof Error && error.name === 'StackSetNotFoundException') return undefined;
    throw error;
  }
}

/** Reads the actual state for an online plan and assesses it. */
export async function readCoverage(
  config: TrailGuardConfig,
  plan: DeploymentPlan,
  clients: AwsClients,
  onProgress?: (message: string, phaseStart?: boolean) => void,
): Promise<CoverageReport> {
  // The parent stack lives in the home region, and so do the StackSets it creates.
  const cloudformation = clients.client(CloudFormationClient, plan.memberStackSet.homeRegion);
  const read = async (name: string, callAs: 'SELF' | 'DELEGATED_ADMIN') => {
    onProgress?.(`Reading stack instances of ${name}…`, true);
    return listStackInstances(cloudformation, name, callAs, (n) =>
      onProgress?.(`Reading stack instances of ${name}… ${n}`),
    );
  };
  const { callAs } = config.stackSet;
  const members = await read(plan.memberStackSet.name, callAs);
  // A self-managed StackSet is always called as its owner.
  const management = await read(plan.managementAccount.stackSetName, 'SELF');
  const central = await read(plan.central.stackSetName, callAs);
  const [membersVersion, managementVersion, centralVersion] = await Promise.all([
    readStackSetVersion(cloudformation, plan.memberStackSet.name, callAs),
    readStackSetVersion(cloudformation, plan.managementAccount.stackSetName, 'SELF'),
    readStackSetVersion(cloudformation, plan.central.stackSetName, callAs),
  ]);
  const versions = {
    ...(membersVersion ? { members: membersVersion } : {}),
    ...(managementVersion ? { management: managementVersion } : {}),
    ...(centralVersion ? { central: centralVersion } : {}),
  };
  onProgress?.('Reading the central topic’s subscriptions…', true);
  const recipients = await readRecipients(config, clients);
  const report = assessCoverage(
    plan,
    { members, management, central, versions },
    TRAILGUARD_VERSION,
    'error' in recipients ? undefined : recipients,
  );
  return 'error' in recipients ? { ...report, notes: [recipients.error] } : report;
}

/** Which configured addresses are not yet confirmed subscribers of the central topic, or why that is unknown. */
async function readRecipients(
  config: TrailGuardConfig,
  clients: AwsClients,
): Promise<UnconfirmedRecipients | { error: string }> {
  try {
    const sns = await clients.clientIn(
      SNSClient,
      config.homeRegion,
      config.securityAccountId,
      SECURITY_ACCOUNT_ROLE,
    );
    const topic = `arn:aws:sns:${config.homeRegion}:${config.securityAccountId}:${TRAILGUARD_NAMES.topic}`;
    const subscriptions = await readSubscriptions(sns, topic);
    const addresses = config.notificationEmails.map((r) => r.address);
    // No topic: the central stack is missing, which its line already says.
    if (subscriptions === undefined) return { pending: [], missing: [], configured: addresses.length };
    return { ...unconfirmedAddresses(addresses, subscriptions), configured: addresses.length };
  } catch (error) {
    return {
      error: `could not read the subscriptions of ${TRAILGUARD_NAMES.topic} through ${SECURITY_ACCOUNT_ROLE} of ${config.securityAccountId} (${error instanceof Error ? error.name : String(error)}); unconfirmed recipients are not counted`,
    };
  }
}
