import { randomUUID } from 'node:crypto';
import {
  CloudTrailClient,
  type CreateTrailCommand,
  DescribeTrailsCommand,
  PutEventSelectorsCommand,
} from '@aws-sdk/client-cloudtrail';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { HANDLER_BUNDLE_FILE } from '@trailguard/member-stack';
import { type Emulator, useEmulator } from '@trailguard/test';
import { buildDemoOrganization, deployTrailGuard } from '../../src/commands/demo/chapter-setup';
import { findFunction, HOME, type Inbox } from '../../src/commands/demo/emulated-deployment';
import { functionEnvironment } from '../../src/commands/demo/identities';
import { invokeInProcess, type ProcessInvocation } from '../../src/commands/demo/lambda-process';
import { scheduledEvent } from '../../src/commands/demo/sweep-schedule';
import { verifyRemediation } from '../../src/commands/verify/verify-remediation';

// The whole system: TrailGuard deployed from the synthesized templates as the demo deploys it, and
// verify timing a restart that TrailGuard's own code (the handler bundle) makes in its sweep. Not
// the home region, so the function publishes to the central topic in another region.
const REGION = 'us-east-1';
const SWEEP_EVERY_MS = 500;

/**
 * EventBridge's schedule rule, played from `start()` to `stop()`: the deployed function's code swept
 * in a process with the function's environment and role every `intervalMs`, each run recorded.
 */
function sweepSchedule(emulator: Emulator, account: string, region: string, intervalMs: number) {
  const runs: ProcessInvocation[] = [];
  let stopped = false;
  let loop: Promise<void> | undefined;
  const environment = findFunction(emulator, account, region).then((fn) => functionEnvironment(emulator, fn));
  // Awaited by start() or stop(); a failure is reported there.
  environment.catch(() => {});
  return {
    runs,
    start: () => {
      loop ??= (async () => {
        const { env } = await environment;
        while (!stopped) {
          const id = randomUUID();
          runs.push(await invokeInProcess(HANDLER_BUNDLE_FILE, scheduledEvent(id, account, region), env, id));
          if (!stopped) await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
      })();
    },
    /** Resolves once the sweep in flight, if any, has finished. */
    stop: async () => {
      stopped = true;
      await (loop ?? environment);
    },
  };
}

/**
 * verify's CloudTrail client in the member account, with two adjustments. The canary gets the event
 * selector AWS gives every new trail (moto gives none, and the sweep would also restore management
 * events). And the schedule plays only while the canary is stopped: from the end of StopLogging
 * until, its sweep in flight finished, verify deletes the canary. At either edge a sweep in flight
 * races verify (issue 12, item 8): it restarts the canary, verify creates, stops or deletes it
 * before the sweep checks its repair, and the failed check goes out as a critical notice.
 */
async function verifyCloudTrail(
  emulator: Emulator,
  account: string,
  schedule: ReturnType<typeof sweepSchedule>,
) {
  const cloudtrail = await emulator.client(CloudTrailClient, { account, region: REGION });
  const asAws = await emulator.client(CloudTrailClient, { account, region: REGION });
  cloudtrail.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'DeleteTrailCommand') await schedule.stop();
      const output = await next(args);
      if (context.commandName === 'CreateTrailCommand') {
        await asAws.send(
          new PutEventSelectorsCommand({
            TrailName: (args.input as CreateTrailCommand['input']).Name,
            EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
          }),
        );
      }
      if (context.commandName === 'StopLoggingCommand') schedule.start();
      return output;
    },
    { step: 'initialize', name: 'playsWhatAwsAndTheScheduleDo' },
  );
  const destroy = () => {
    cloudtrail.destroy();
    asAws.destroy();
  };
  return { cloudtrail, destroy };
}

interface InboxMessage {
  /** The `severity` message attribute (for subscription filter policies). */
  readonly severity: string | undefined;
  readonly document: {
    severity: string;
    summary: string;
    trail: { name: string } | null;
    response: { action: string; outcome: string; verified: boolean };
  };
}

/** Everything in the security team's inbox (the SQS queue subscribed to the central topic). */
async function readInbox(emulator: Emulator, inbox: Inbox): Promise<InboxMessage[]> {
  const sqs = await emulator.client(SQSClient, { account: inbox.account, region: HOME });
  const messages: InboxMessage[] = [];
  try {
    for (;;) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: inbox.queueUrl,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
        }),
      );
      if (!Messages?.length) return messages;
      for (const m of Messages) {
        messages.push({
          severity: m.MessageAttributes?.severity?.StringValue,
          document: JSON.parse(m.Body ?? '{}') as InboxMessage['document'],
        });
      }
    }
  } finally {
    sqs.destroy();
  }
}

/** The trails and buckets left in an account. */
async function leftovers(emulator: Emulator, account: string) {
  const cloudtrail = await emulator.client(CloudTrailClient, { account, region: REGION });
  const s3 = await emulator.client(S3Client, { account, region: REGION });
  try {
    const { trailList } = await cloudtrail.send(new DescribeTrailsCommand({}));
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    return { trails: (trailList ?? []).map((t) => t.Name), buckets: (Buckets ?? []).map((b) => b.Name) };
  } finally {
    cloudtrail.destroy();
    s3.destroy();
  }
}

/** What a sweep returned, or its error. */
const outcomeOf = (run: ProcessInvocation) => run.error ?? run.result;

describe('verify against TrailGuard deployed on the emulator', () => {
  const emulator = useEmulator();
  // As the demo does: aws-cdk-lib's deprecation warnings are about properties the stacks do not use.
  const deprecations = process.env.JSII_DEPRECATED;
  beforeAll(() => {
    process.env.JSII_DEPRECATED ??= 'quiet';
  });
  afterAll(() => {
    if (deprecations === undefined) delete process.env.JSII_DEPRECATED;
  });

  it('times the restart by the sweep, and the security team reads it as an info verification', async () => {
    const quiet = () => {};
    const { org, config } = await buildDemoOrganization(emulator(), quiet);
    const inbox = await deployTrailGuard(emulator(), org, config, quiet, quiet);
    const account = org.accounts.web ?? '';
    const schedule = sweepSchedule(emulator(), account, REGION, SWEEP_EVERY_MS);
    const { cloudtrail, destroy } = await verifyCloudTrail(emulator(), account, schedule);
    const s3 = await emulator().client(S3Client, { account, region: REGION });

    const result = await verifyRemediation(
      { cloudtrail, s3, account, region: REGION },
      { timeoutMs: 30_000, intervalMs: 100 },
    ).finally(async () => {
      await schedule.stop();
      destroy();
      s3.destroy();
    });

    expect(result).toMatchObject({
      outcome: 'restored',
      trail: expect.stringMatching(/^trailguard-verify-[0-9a-f]{8}$/),
      restoredAfterMs: expect.any(Number),
      cleanup: [
        expect.stringMatching(/^✓ delete canary trail trailguard-verify-/),
        expect.stringMatching(/^✓ delete canary bucket trailguard-verify-/),
      ],
    });
    const canary = result.trail;
    // Long enough for a process to start and sweep; well within the timeout.
    expect(result.outcome === 'restored' && result.restoredAfterMs).toBeGreaterThan(100);
    expect(result.outcome === 'restored' && result.restoredAfterMs).toBeLessThan(15_000);
    expect(await leftovers(emulator(), account)).toEqual({ trails: [], buckets: [] });
    // The first sweep after the stop repaired the canary and said so; any later one found it fine.
    expect(schedule.runs.map(outcomeOf)).toEqual([
      { notifications: 1, remediations: 1, failures: 0 },
      ...schedule.runs.slice(1).map(() => ({ notifications: 0, remediations: 0, failures: 0 })),
    ]);

    // One notice, the canary's repair, as a verification; none above info.
    expect(await readInbox(emulator(), inbox)).toEqual([
      {
        severity: 'info',
        document: expect.objectContaining({
          severity: 'info',
          summary: `Verification: Trail ${canary} found not logging by the sweep`,
          trail: expect.objectContaining({ name: canary }),
          response: expect.objectContaining({
            action: 'start-logging',
            outcome: 'succeeded',
            verified: true,
          }),
        }),
      },
    ]);
  }, 120_000);
});
