import {
  CloudFormationClient,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsClients } from '../../src/aws-clients';
import { waitForOperation } from '../../src/commands/deploy/canary-update';
import {
  failedInstances,
  renderFailures,
  reportFailedInstances,
  unsuccessfulInstances,
} from '../../src/commands/deploy/instances';
import type { CommandContext } from '../../src/context';
import { Progress } from '../../src/progress';
import { offlineConfig } from '../offline-config';

const QUOTA =
  'ResourceLogicalId:MemberRemediationFunction85E4363C, ResourceType:AWS::Lambda::Function, ResourceStatusReason:Resource handler returned message: "Specified ConcurrentExecutions for function decreases account\'s UnreservedConcurrentExecution below its minimum value of [10]."';

/** A command context for the functions that read through it, printing into `printed`. */
function context(printed: string[]): CommandContext<unknown> {
  const config = offlineConfig({ regions: ['eu-west-1', 'us-east-1'] });
  const clients = new AwsClients({
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  return {
    values: {},
    config,
    configFile: 'org.yaml',
    clients,
    progress: new Progress({ write: () => true }),
    io: { stdout: (t) => printed.push(t), stderr: { write: () => true } },
    print: (t) => printed.push(t),
    note: () => undefined,
    dispose: () => clients.destroy(),
  };
}

describe('stack instances that did not succeed', () => {
  const expected = [
    { account: '111111111111', region: 'eu-west-1' },
    { account: '111111111111', region: 'us-east-1' },
    { account: '222222222222', region: 'eu-west-1' },
  ];

  it('are the missing ones and those not CURRENT and SUCCEEDED, with their reasons', () => {
    const failures = unsuccessfulInstances('TrailGuard-Members', expected, [
      { account: '111111111111', region: 'eu-west-1', status: 'CURRENT', detailedStatus: 'SUCCEEDED' },
      {
        account: '111111111111',
        region: 'us-east-1',
        status: 'OUTDATED',
        detailedStatus: 'FAILED',
        reason: QUOTA,
      },
      // Another account's instance is none of the canary's business.
      { account: '333333333333', region: 'eu-west-1', status: 'OUTDATED', detailedStatus: 'FAILED' },
    ]);
    expect(failures).toEqual([
      {
        stackSet: 'TrailGuard-Members',
        account: '111111111111',
        region: 'us-east-1',
        status: 'OUTDATED/FAILED',
        reason: QUOTA,
      },
      {
        stackSet: 'TrailGuard-Members',
        account: '222222222222',
        region: 'eu-west-1',
        status: 'no stack instance',
        reason: '',
      },
    ]);
    expect(renderFailures(failures)).toMatch(
      /111111111111\s+us-east-1\s+OUTDATED\/FAILED\s+ResourceLogicalId:MemberRemediation/,
    );
  });

  it('after a deployment, are only those CloudFormation reports failed (a skipped suspended account is not)', () => {
    expect(
      failedInstances('TrailGuard-Members', [
        { account: '1', region: 'r', status: 'OUTDATED', detailedStatus: 'FAILED', reason: 'x' },
        { account: '2', region: 'r', status: 'OUTDATED', detailedStatus: 'SKIPPED_SUSPENDED_ACCOUNT' },
        { account: '3', region: 'r', status: 'INOPERABLE', detailedStatus: 'INOPERABLE' },
      ]).map((f) => f.account),
    ).toEqual(['1', '3']);
  });
});

describe('faults the emulator cannot make (injected)', () => {
  const cloudformation = mockClient(CloudFormationClient);
  afterEach(() => cloudformation.reset());

  it('after a deployment, names each failed instance with its reason and counts them', async () => {
    cloudformation
      .on(ListStackInstancesCommand, { StackSetName: 'TrailGuard-Members' })
      .resolves({
        Summaries: [
          {
            Account: '111111111111',
            Region: 'eu-west-1',
            Status: 'CURRENT',
            StackInstanceStatus: { DetailedStatus: 'SUCCEEDED' },
          },
          {
            Account: '111111111111',
            Region: 'us-east-1',
            Status: 'OUTDATED',
            StatusReason: QUOTA,
            StackInstanceStatus: { DetailedStatus: 'FAILED' },
          },
        ],
      })
      .on(ListStackInstancesCommand, { StackSetName: 'TrailGuard-ManagementAccount' })
      .resolves({ Summaries: [] });
    const printed: string[] = [];
    const ctx = context(printed);
    expect(await reportFailedInstances(ctx)).toBe(1);
    const text = printed.join('\n');
    expect(text).toContain(
      '1 stack instance of 2 failed (within the failure tolerance, so CloudFormation went on):',
    );
    expect(text).toContain("decreases account's UnreservedConcurrentExecution below its minimum");
    ctx.dispose();
  });

  it('waits for the canary operation while it runs, and returns how it ended and why', async () => {
    cloudformation
      .on(DescribeStackSetOperationCommand)
      .resolvesOnce({ StackSetOperation: { Status: 'QUEUED' } })
      .resolvesOnce({ StackSetOperation: { Status: 'RUNNING' } })
      .resolves({
        StackSetOperation: {
          Status: 'FAILED',
          StatusReason: 'The operation exceeded the failure tolerance.',
        },
      });
    const ctx = context([]);
    await expect(waitForOperation(ctx, 'op-1', { intervalMs: 1, timeoutMs: 5_000 })).resolves.toEqual({
      status: 'FAILED',
      reason: 'The operation exceeded the failure tolerance.',
    });
    expect(cloudformation.commandCalls(DescribeStackSetOperationCommand)).toHaveLength(3);
    expect(cloudformation.commandCalls(DescribeStackSetOperationCommand)[0]?.args[0].input).toEqual({
      StackSetName: 'TrailGuard-Members',
      OperationId: 'op-1',
      CallAs: 'SELF',
    });
    ctx.dispose();
  });

  it('gives up waiting after the timeout, saying the operation still runs', async () => {
    cloudformation
      .on(DescribeStackSetOperationCommand)
      .resolves({ StackSetOperation: { Status: 'RUNNING' } });
    const ctx = context([]);
    const result = await waitForOperation(ctx, 'op-2', { intervalMs: 5, timeoutMs: 20 });
    expect(result).toMatchObject({
      status: 'RUNNING',
      reason: expect.stringMatching(/^still RUNNING after/),
    });
    ctx.dispose();
  });
});
