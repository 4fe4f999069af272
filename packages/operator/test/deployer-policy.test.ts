import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, scratchDir } from '@trailguard/test';
import { arnLike } from '../src/arn-like';
import {
  CONCRETE_RESOURCES,
  DEPLOYER_POLICY_FILE,
  readDeployerPolicy,
  simulationRequests,
} from '../src/deployer-policy';
import {
  actionsOf,
  decide,
  policyNamesAction,
  type RecordedCall,
  sdkCallsInSource,
  ungrantedCalls,
} from './deployer-calls';

const where = { account: '310000000001', region: 'ap-southeast-2', memberAccount: '310000000002' };

describe('deployer-policy.json', () => {
  const policy = readDeployerPolicy();

  it('is the file the operator README points to, an IAM policy of Allow statements with unique Sids', () => {
    expect(path.relative(REPO_ROOT, DEPLOYER_POLICY_FILE)).toBe('packages/operator/deployer-policy.json');
    expect(readFileSync(path.join(REPO_ROOT, 'packages/operator/README.md'), 'utf8')).toContain(
      'deployer-policy.json',
    );
    expect(JSON.parse(readFileSync(DEPLOYER_POLICY_FILE, 'utf8')).Version).toBe('2012-10-17');
    const sids = policy.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    expect(policy.Statement.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(Object.keys(CONCRETE_RESOURCES).sort()).toEqual([...sids].sort());
  });

  it("asks the simulator about resources each statement's own patterns cover", () => {
    for (const request of simulationRequests(policy, where)) {
      const statement = policy.Statement.find((s) => s.Sid === request.sid);
      const patterns = [statement?.Resource ?? []].flat();
      for (const resource of request.resources) {
        const covered = patterns.some((p) => p === '*' || arnLike(p, resource));
        expect({ sid: request.sid, resource, covered }).toEqual({
          sid: request.sid,
          resource,
          covered: true,
        });
      }
    }
  });

  it('grants every AWS call in the operator’s source, unless it is only made through a role in another account', async () => {
    const found = sdkCallsInSource(SOURCE, SKIPPED);
    expect(await ungrantedSourceCalls(found)).toEqual([]);
  });

  it('finds the calls in the source, including those the deploy, plan and trail report make', () => {
    const actions = new Set(
      sdkCallsInSource(SOURCE, SKIPPED).flatMap((c) => actionsOf(c.service, c.operation)),
    );
    for (const action of [
      'cloudformation:GetTemplate',
      'cloudformation:UpdateStackSet',
      'cloudformation:DescribeStackSetOperation',
      's3:GetObject',
      's3:PutObject',
      'cloudtrail:DescribeTrails',
      'cloudtrail:GetTrailStatus',
      'cloudformation:ListStackSets',
      'iam:GetRole',
      'sts:AssumeRole',
    ])
      expect(actions).toContain(action);
    expect(actions).not.toContain('sts:GetCallerIdentity');
    expect(actions).not.toContain('s3:HeadObject');
  });

  it('would fail for a new call the policy does not grant, and for an action IAM does not know', async () => {
    const dir = scratchDir('trailguard-policy-scan-');
    writeFileSync(
      path.join(dir, 'new-call.ts'),
      [
        "import { GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';",
        "import { type DescribeTrailsCommand, NoSuchThingCommand } from '@aws-sdk/client-cloudtrail';",
        "new S3Client({}).send(new GetBucketTaggingCommand({ Bucket: 'b' }));",
        'new NoSuchThingCommand({});',
      ].join('\n'),
    );
    expect(await ungrantedSourceCalls(sdkCallsInSource(dir))).toEqual([
      { file: 'new-call.ts', action: 's3:GetBucketTagging', problem: 'not in deployer-policy.json' },
      { file: 'new-call.ts', action: 'cloudtrail:NoSuchThing', problem: 'not an IAM action' },
    ]);
  });

  describe('the check of the calls the emulator suites record', () => {
    const ACCOUNT = '310000000001';
    const call = (
      service: string,
      operation: string,
      input: Record<string, unknown>,
      identity: RecordedCall['identity'] = { kind: 'caller' },
    ): RecordedCall => ({ service, operation, input, identity, region: 'eu-west-1', account: ACCOUNT });
    const assets = `cdk-hnb659fds-assets-${ACCOUNT}-eu-west-1`;

    it('grants what the commands do with the caller’s credentials, on the resources they name', async () => {
      expect(
        await ungrantedCalls([
          call('cloudformation', 'GetTemplate', { StackName: 'TrailGuard' }),
          call('cloudformation', 'UpdateStackSet', {
            StackSetName: 'TrailGuard-Members',
            TemplateURL: `https://s3.eu-west-1.amazonaws.com/${assets}/${'a'.repeat(64)}.json`,
          }),
          call('s3', 'HeadObject', { Bucket: assets, Key: 'x.json' }),
          call('cloudtrail', 'DescribeTrails', { includeShadowTrails: true }),
          call('cloudtrail', 'GetTrailStatus', { Name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org` }),
          call('iam', 'GetRole', { RoleName: 'AWSControlTowerAdmin' }),
          call('sts', 'AssumeRole', { RoleArn: 'arn:aws:iam::310000000002:role/AWSControlTowerExecution' }),
          call('cloudtrail', 'CreateTrail', { Name: 'trailguard-verify-0a1b2c3d', TagsList: [{ Key: 'k' }] }),
          call('sts', 'GetCallerIdentity', {}),
        ]),
      ).toEqual([]);
    });

    it('names each call the policy does not grant, on its resource; calls through a role are not the caller’s', async () => {
      expect(
        await ungrantedCalls([
          call('cloudformation', 'UpdateStackSet', { StackSetName: 'TrailGuard-Central' }),
          call('cloudtrail', 'StopLogging', { Name: 'management-events' }),
          call('s3', 'PutObject', { Bucket: 'someone-elses-bucket', Key: 'x' }),
          call(
            'cloudtrail',
            'StopLogging',
            { Name: 'audit' },
            {
              kind: 'role',
              account: '310000000002',
              roleName: 'OrganizationAccountAccessRole',
            },
          ),
        ]),
      ).toEqual([
        expect.objectContaining({
          action: 'cloudformation:UpdateStackSet',
          resource: `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stackset/TrailGuard-Central:00000000-0000-0000-0000-000000000000`,
          decision: 'ImplicitlyDenied',
        }),
        expect.objectContaining({
          action: 'cloudtrail:StopLogging',
          resource: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/management-events`,
        }),
        expect.objectContaining({ action: 's3:PutObject', resource: 'arn:aws:s3:::someone-elses-bucket/x' }),
      ]);
    });
  });

  it('lists as made through roles only calls that the source makes and the policy leaves out', () => {
    const actions = new Set(sdkCallsInSource(SOURCE, SKIPPED).map((c) => `${c.service}:${c.operation}`));
    for (const action of Object.keys(THROUGH_ROLES)) {
      expect({ action, inSource: actions.has(action) }).toEqual({ action, inSource: true });
      expect({ action, inPolicy: policyNamesAction(policy.Statement, action) }).toEqual({
        action,
        inPolicy: false,
      });
    }
  });
});

const SOURCE = path.join(REPO_ROOT, 'packages/operator/src');
// The demo talks only to the emulator it starts, as the accounts it creates there.
const SKIPPED = ['commands/demo/'];

/**
 * Calls the commands make only in another account, through a role there (see AwsClients.clientIn),
 * never with the caller's own credentials: the role grants them, not deployer-policy.json. The
 * emulator suites check this too: a call made with the caller's credentials must be granted.
 */
const THROUGH_ROLES: Readonly<Record<string, string>> = {
  'sns:ListSubscriptionsByTopic':
    'doctor and coverage read the central topic’s subscriptions in the security account, through OrganizationAccountAccessRole',
  'securityhub:DescribeHub':
    'doctor checks Security Hub in the security account, through OrganizationAccountAccessRole',
  'securityhub:ListMembers':
    'doctor lists the Security Hub administrator’s members in that account, through OrganizationAccountAccessRole (a delegated administrator, which AWS recommends over the management account)',
};

/** The source's calls that IAM does not know, or that neither the policy nor THROUGH_ROLES covers. */
async function ungrantedSourceCalls(calls: ReturnType<typeof sdkCallsInSource>) {
  const policy = readDeployerPolicy();
  const problems: { file: string; action: string; problem: string }[] = [];
  const seen = new Set<string>();
  for (const call of calls) {
    for (const action of actionsOf(call.service, call.operation)) {
      if (seen.has(action)) continue;
      seen.add(action);
      const known = !(await decide([], { action, resource: '*' }, '111111111111')).startsWith('error');
      if (!known) problems.push({ file: call.file, action, problem: 'not an IAM action' });
      else if (!policyNamesAction(policy.Statement, action) && !THROUGH_ROLES[action])
        problems.push({ file: call.file, action, problem: 'not in deployer-policy.json' });
    }
  }
  return problems;
}
