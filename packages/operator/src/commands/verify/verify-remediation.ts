import { randomBytes } from 'node:crypto';
import {
  type CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { VERIFY_CANARY_PREFIX } from '@trailguard/config/defaults';

/** What `verify` needs: clients already acting in the target account and region. */
export interface VerifyDeps {
  readonly cloudtrail: CloudTrailClient;
  readonly s3: S3Client;
  readonly account: string;
  readonly region: string;
  /** Sleeps (and wakes early, rejecting, when `signal` aborts); @default a timer */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  /** Called with each step and while waiting. */
  readonly onStep?: (message: string) => void;
  readonly onWait?: (elapsedMs: number) => void;
}

/** Options of one verification run. */
export interface VerifyOptions {
  /** An existing trail to stop; @default a temporary canary trail and bucket */
  readonly trail?: string;
  /** Give up after this long; @default 300 000 */
  readonly timeoutMs?: number;
  /** Poll GetTrailStatus this often; @default 5 000 */
  readonly intervalMs?: number;
  /** Aborting (Ctrl-C) stops waiting; cleanup still runs. */
  readonly signal?: AbortSignal;
}

/** The outcome of a verification run. */
export type VerifyResult =
  | {
      readonly outcome: 'restored';
      readonly trail: string;
      readonly restoredAfterMs: number;
      readonly cleanup: string[];
    }
  | {
      readonly outcome: 'timed-out';
      readonly trail: string;
      readonly waitedMs: number;
      readonly cleanup: string[];
    }
  | {
      readonly outcome: 'interrupted';
      readonly trail: string;
      readonly waitedMs: number;
      readonly cleanup: string[];
    };

/** Tag that marks what verify creates, so a stray canary is recognisable. */
export const CANARY_TAG = { Key: 'trailguard:canary', Value: 'true' };

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** What a run created, so that cleanup deletes exactly that. */
interface Created {
  bucket?: string;
  trail?: string;
}

/**
 * Stops a trail and waits for TrailGuard to restart it. Whatever happens — success, timeout,
 * Ctrl-C, an error — what it created is deleted and a named trail it stopped is left logging.
 */
export async function verifyRemediation(
  deps: VerifyDeps,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const created: Created = {};
  const cleanup: string[] = [];
  let trail = options.trail ?? '';
  let stopped = false;
  let result: VerifyResult | undefined;
  try {
    if (options.trail) await requireLogging(deps, options.trail);
    else trail = await createCanary(deps, created);
    (deps.onStep ?? (() => {}))(`Stopping trail ${trail} (as an attacker would)`);
    await deps.cloudtrail.send(new StopLoggingCommand({ Name: trail }));
    stopped = true;
    result = await waitForRestart(deps, options, trail, cleanup);
    return result;
  } finally {
    // Always leave the account as it was: delete the canary, or restart a named trail we stopped.
    await cleanUp(deps, created, stopped && result?.outcome !== 'restored' ? trail : undefined, cleanup);
  }
}

async function requireLogging(deps: VerifyDeps, trail: string): Promise<void> {
  const status = await deps.cloudtrail.send(new GetTrailStatusCommand({ Name: trail }));
  if (!status.IsLogging) {
    throw new VerifyError(`trail ${trail} is not logging now; start it first, or let verify create a canary`);
  }
}

/** Creates a canary bucket and a logging trail that writes to it; records each in `created`. */
async function createCanary(deps: VerifyDeps, created: Created): Promise<string> {
  const step = deps.onStep ?? (() => {});
  const suffix = randomBytes(4).toString('hex');
  created.bucket = `${VERIFY_CANARY_PREFIX}${deps.account}-${suffix}`;
  step(`Creating canary bucket ${created.bucket}`);
  await deps.s3.send(
    new CreateBucketCommand({
      Bucket: created.bucket,
      ...(deps.region === 'us-east-1'
        ? {}
        : { CreateBucketConfiguration: { LocationConstraint: deps.region as never } }),
    }),
  );
  await deps.s3.send(
    new PutBucketPolicyCommand({ Bucket: created.bucket, Policy: canaryBucketPolicy(created.bucket, deps) }),
  );
  // The prefix is what marks the trail as verify's canary (see VERIFY_CANARY_PREFIX).
  const trail = `${VERIFY_CANARY_PREFIX}${suffix}`;
  step(`Creating canary trail ${trail}`);
  await deps.cloudtrail.send(
    new CreateTrailCommand({ Name: trail, S3BucketName: created.bucket, TagsList: [CANARY_TAG] }),
  );
  created.trail = trail;
  await deps.cloudtrail.send(new StartLoggingCommand({ Name: trail }));
  return trail;
}

/** Polls GetTrailStatus until the trail logs again, the time is up, or the signal aborts. */
async function waitForRestart(
  deps: VerifyDeps,
  options: VerifyOptions,
  trail: string,
  cleanup: string[],
): Promise<VerifyResult> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const intervalMs = options.intervalMs ?? 5_000;
  const start = now();
  for (;;) {
    const elapsed = now() - start;
    deps.onWait?.(elapsed);
    const status = await deps.cloudtrail.send(new GetTrailStatusCommand({ Name: trail }));
    if (status.IsLogging) return { outcome: 'restored', trail, restoredAfterMs: now() - start, cleanup };
    if (elapsed >= timeoutMs) return { outcome: 'timed-out', trail, waitedMs: elapsed, cleanup };
    try {
      await sleep(Math.min(intervalMs, Math.max(0, timeoutMs - elapsed)), options.signal);
    } catch (error) {
      if (options.signal?.aborted) return { outcome: 'interrupted', trail, waitedMs: now() - start, cleanup };
      throw error;
    }
  }
}

/** Deletes what was created and restarts `restart` (a named trail left stopped); logs each step. */
async function cleanUp(
  deps: VerifyDeps,
  created: Created,
  restart: string | undefined,
  cleanup: string[],
): Promise<void> {
  if (created.trail) {
    const trail = created.trail;
    await attempt(cleanup, `delete canary trail ${trail}`, () =>
      deps.cloudtrail.send(new DeleteTrailCommand({ Name: trail })),
    );
  } else if (restart) {
    await attempt(cleanup, `restart logging of ${restart}`, () =>
      deps.cloudtrail.send(new StartLoggingCommand({ Name: restart })),
    );
  }
  if (created.bucket) {
    const bucket = created.bucket;
    await attempt(cleanup, `delete canary bucket ${bucket}`, async () => {
      await emptyBucket(deps.s3, bucket);
      await deps.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    });
  }
}

/** A verification that cannot start (the named trail is not logging…). */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
}

/** Runs one cleanup action; records `✓ what` or `✗ what: why` and never throws, so the next one runs. */
async function attempt(log: string[], what: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
    log.push(`✓ ${what}`);
  } catch (error) {
    log.push(`✗ ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function emptyBucket(s3: S3Client, bucket: string): Promise<void> {
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken }));
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (keys.length) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
}

/** The bucket policy CloudTrail requires before it accepts a bucket for a trail. */
function canaryBucketPolicy(bucket: string, deps: VerifyDeps): string {
  const service = { Service: 'cloudtrail.amazonaws.com' };
  const sourceArn = { 'aws:SourceArn': `arn:aws:cloudtrail:${deps.region}:${deps.account}:trail/*` };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: service,
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { ArnLike: sourceArn },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: service,
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/AWSLogs/${deps.account}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' }, ArnLike: sourceArn },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}
