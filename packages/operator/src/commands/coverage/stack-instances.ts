import {
  CloudFormationClient,
  ListStackInstancesCommand,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from '../../aws-clients';
import type { DeploymentPlan } from '../plan/deployment-plan';
import { assessCoverage, type CoverageReport, type StackInstanceFact } from './coverage';

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
  const members = await read(plan.memberStackSet.name, config.stackSet.callAs);
  // A self-managed StackSet is always called as its owner.
  const management = await read(plan.managementAccount.stackSetName, 'SELF');
  const central = await read(plan.central.stackSetName, config.stackSet.callAs);
  return assessCoverage(plan, { members, management, central });
}
