// `pnpm bench` (operator): plan and coverage over an emulated organization of 2,000 accounts
// (4 OUs with 2 nested OUs each) × 3 regions, at two concurrency limits, as the emulator answers
// and with latency added to every request. Times depend on the machine, so each is printed beside
// a baseline measured in the same run: the emulator's own round trip for one page of
// ListAccountsForParent. A command's time divided by (its API calls × that round trip) is the
// figure to compare: about 1 when the calls go one after another with nothing else, less when
// they overlap. Figures, not assertions.
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListAccountsForParentCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types';
import { STACKSET_NAMES } from '@trailguard/central-stack/names';
import { parseConfig, type TrailGuardConfig } from '@trailguard/config';
import { EMULATOR_DEFAULT_ACCOUNT, Emulator } from '@trailguard/test';
import { AwsClients } from '../src/aws-clients';
import { readCoverage } from '../src/commands/coverage/stack-instances';
import { computeOnlinePlan } from '../src/commands/plan';
import { mapLimited } from '../src/concurrency';
import { Progress } from '../src/progress';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 2000);
const REGIONS = ['eu-west-1', 'us-east-1', 'eu-central-1'] as const;
// The emulator answers in about a millisecond; AWS takes tens. With latency added to every request
// the effect of the concurrency limit shows as it would against AWS.
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);

/** Adds a fixed delay before every HTTP request of a client (once per attempt). */
function withLatency(ms: number) {
  const delay: FinalizeRequestMiddleware<object, object> = (next) => async (args) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return next(args);
  };
  return (client: { readonly middlewareStack: unknown }) =>
    (client.middlewareStack as Pick<MiddlewareStack<object, object>, 'add'>).add(delay, {
      step: 'finalizeRequest',
      name: 'benchLatency',
    });
}

/** An emulated organization of ACCOUNTS accounts in nested OUs, most of them with member stack instances. */
async function buildOrganization(emulator: Emulator) {
  const setupStart = Date.now();
  const organizations = await emulator.client(OrganizationsClient);
  const { Organization } = await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? '';
  const topOus: string[] = [];
  const leaves: string[] = [];
  for (let i = 0; i < 4; i++) {
    const top = await organizations.send(
      new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: `Unit${i}` }),
    );
    const topId = top.OrganizationalUnit?.Id ?? '';
    topOus.push(topId);
    leaves.push(topId);
    for (let j = 0; j < 2; j++) {
      const child = await organizations.send(
        new CreateOrganizationalUnitCommand({ ParentId: topId, Name: `Unit${i}-${j}` }),
      );
      leaves.push(child.OrganizationalUnit?.Id ?? '');
    }
  }
  const accountIds = await mapLimited(
    Array.from({ length: ACCOUNTS }, (_, i) => i),
    8,
    async (i) => {
      const { CreateAccountStatus } = await organizations.send(
        new CreateAccountCommand({ AccountName: `acct${i}`, Email: `acct${i}@example.com` }),
      );
      const { CreateAccountStatus: done } = await organizations.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus?.Id }),
      );
      const id = done?.AccountId ?? '';
      await organizations.send(
        new MoveAccountCommand({
          AccountId: id,
          SourceParentId: rootId,
          DestinationParentId: leaves[i % leaves.length],
        }),
      );
      return id;
    },
  );
  const cloudformation = await emulator.client(CloudFormationClient, { region: 'eu-west-1' });
  await cloudformation.send(
    new CreateStackSetCommand({
      StackSetName: STACKSET_NAMES.members,
      TemplateBody: JSON.stringify({
        Resources: { Marker: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
      }),
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
    }),
  );
  // All OUs but the last: its accounts show up as missing.
  await cloudformation.send(
    new CreateStackInstancesCommand({
      StackSetName: STACKSET_NAMES.members,
      DeploymentTargets: { OrganizationalUnitIds: topOus.slice(0, 3) },
      Regions: [...REGIONS],
    }),
  );
  organizations.destroy();
  cloudformation.destroy();
  console.log(
    `Emulated organization: ${accountIds.length} accounts in ${leaves.length} OUs (nested), ` +
      `${REGIONS.length} regions; set up in ${((Date.now() - setupStart) / 1000).toFixed(1)} s\n`,
  );

  return { organizationId: Organization?.Id, rootId, topOus, accountIds };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Milliseconds of one ListAccountsForParent page (20 accounts) with a bare client: median of 15. */
async function roundTripMs(
  emulator: Emulator,
  parentId: string,
  decorate?: (client: OrganizationsClient) => void,
): Promise<number> {
  const organizations = await emulator.client(OrganizationsClient);
  decorate?.(organizations);
  const page = () =>
    organizations.send(new ListAccountsForParentCommand({ ParentId: parentId, MaxResults: 20 }));
  await page();
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    await page();
    times.push(performance.now() - start);
  }
  organizations.destroy();
  return median(times);
}

/** "T s, N API calls = R× N round trips" */
function timing(ms: number, calls: number, roundTrip: number): string {
  return `${(ms / 1000).toFixed(2)} s, ${calls} API calls = ${(ms / (calls * roundTrip)).toFixed(2)}× ${calls} round trips`;
}

/**
 * Times `plan` and `coverage` at each latency and concurrency, counts their API calls, and
 * relates each time to the round trip of one page under OU `parentId`.
 */
async function measure(emulator: Emulator, config: TrailGuardConfig, parentId: string) {
  const quiet = new Progress({ write: () => true });
  const credentials = await emulator.credentials();
  for (const latency of [0, LATENCY_MS]) {
    const roundTrip = await roundTripMs(emulator, parentId, latency ? withLatency(latency) : undefined);
    console.log(
      `${latency ? `\nWith ${latency} ms added to every request` : 'As the emulator answers'}: ` +
        `round trip of one ListAccountsForParent page (baseline) ${roundTrip.toFixed(1)} ms`,
    );
    for (const concurrency of [1, 8]) {
      const settings = {
        endpoint: emulator.endpoint,
        credentials,
        ...(latency ? { decorate: withLatency(latency) } : {}),
      };
      const planClients = new AwsClients(settings);
      let start = performance.now();
      const plan = await computeOnlinePlan(config, planClients, quiet, concurrency);
      const planMs = performance.now() - start;
      console.log(
        `  plan      concurrency ${concurrency}: ${timing(planMs, planClients.counter.total, roundTrip)} ` +
          `(${plan.accounts?.length} accounts → ${plan.totals?.stackInstances} stack instances)`,
      );
      if (!latency) console.log(`            ${JSON.stringify(planClients.counter.byOperation())}`);
      planClients.destroy();

      const coverageClients = new AwsClients(settings);
      start = performance.now();
      const coveragePlan = await computeOnlinePlan(config, coverageClients, quiet, concurrency);
      const report = await readCoverage(config, coveragePlan, coverageClients);
      const coverageMs = performance.now() - start;
      console.log(
        `  coverage  concurrency ${concurrency}: ${timing(coverageMs, coverageClients.counter.total, roundTrip)} ` +
          `(${report.summary.protected}/${report.summary.expected} protected, ${report.summary.protectedPercent}%)`,
      );
      if (!latency) console.log(`            ${JSON.stringify(coverageClients.counter.byOperation())}`);
      coverageClients.destroy();
    }
  }
}

async function main() {
  const emulator = await Emulator.start();
  try {
    const { organizationId, rootId, topOus, accountIds } = await buildOrganization(emulator);
    const config = parseConfig({
      organizationId,
      organizationRootId: rootId,
      managementAccountId: EMULATOR_DEFAULT_ACCOUNT,
      securityAccountId: accountIds[0],
      homeRegion: 'eu-west-1',
      organizationalUnits: topOus,
      regions: [...REGIONS],
      notificationEmails: ['security@example.com'],
    });
    await measure(emulator, config, topOus[0] as string);
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
