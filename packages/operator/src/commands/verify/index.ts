import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { FUNCTION_LOG_GROUP, TRAILGUARD_NAMES } from '@trailguard/member-stack/names';
import { type CommandIo, createContext, numberFlag, parseFlags } from '../../context';
import { renderJson } from '../../output';
import { UsageError } from '../../run-command';
import { type VerifyResult, verifyRemediation } from './verify-remediation';

export const VERIFY_USAGE = `Usage: pnpm trailguard verify [--account ID] [--region REGION] [--trail NAME]
                             [--role-name NAME] [--timeout SECONDS] [--interval SECONDS] [--json]

Proves remediation works: stops a trail in the account and region (a temporary canary trail and
bucket unless --trail names one), waits for TrailGuard to restart it, and reports the time to
restore. Always cleans up: deletes the canary, or restarts the named trail if TrailGuard did not.
  --account     account to test in; @default the caller's (others through --role-name)
  --region      @default the configured homeRegion
  --role-name   role assumed in --account; @default OrganizationAccountAccessRole
  --timeout     give up after this many seconds; @default 300
  --interval    poll GetTrailStatus this often, in seconds; @default 5
Exit status: 0 restored, 1 not restored in time (or interrupted), 2 bad input.`;

/** `trailguard verify`. */
export async function verifyCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const values = parseFlags(
    args,
    {
      json: { type: 'boolean' },
      account: { type: 'string' },
      region: { type: 'string' },
      trail: { type: 'string' },
      'role-name': { type: 'string' },
      timeout: { type: 'string' },
      interval: { type: 'string' },
    },
    VERIFY_USAGE,
  );
  if (values.help) {
    io.stdout(VERIFY_USAGE);
    return 0;
  }
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) {
    throw new UsageError(`--account expects a 12-digit account id, got "${values.account}"`);
  }
  const timeoutMs = numberFlag(values.timeout, 'timeout', 300) * 1000;
  const intervalMs = numberFlag(values.interval, 'interval', 5, 0.05) * 1000;
  const ctx = createContext(values, io);
  try {
    const region = values.region ?? ctx.config.homeRegion;
    if (!(ctx.config.regions as readonly string[]).includes(region)) {
      ctx.note(
        `note: ${region} is not one of the configured regions; TrailGuard is not expected to restore trails there.`,
      );
    }
    const roleName = values['role-name'] ?? 'OrganizationAccountAccessRole';
    const account = values.account ?? (await ctx.clients.callerAccountId(region));
    const [cloudtrail, s3] = await Promise.all([
      ctx.clients.clientIn(CloudTrailClient, region, account, roleName),
      ctx.clients.clientIn(S3Client, region, account, roleName),
    ]);
    const result = await verifyRemediation(
      {
        cloudtrail,
        s3,
        account,
        region,
        onStep: (message) => {
          ctx.progress.done();
          ctx.note(message);
        },
        onWait: (elapsed) =>
          ctx.progress.update(
            `Waiting for TrailGuard to restart the trail… ${(elapsed / 1000).toFixed(0)} s`,
            true,
          ),
      },
      { trail: values.trail, timeoutMs, intervalMs, signal: io.signal },
    ).finally(() => ctx.progress.done());

    ctx.print(
      values.json
        ? renderJson({ account, region, ...result })
        : renderVerifyResult(result, `account ${account}, ${region}`, timeoutMs),
    );
    const cleanedUp = result.cleanup.every((c) => c.startsWith('✓'));
    return result.outcome === 'restored' && cleanedUp ? 0 : 1;
  } finally {
    ctx.dispose();
  }
}

/** The outcome as a person reads it, with what to look at when TrailGuard did not restart the trail. */
export function renderVerifyResult(result: VerifyResult, where: string, timeoutMs: number): string {
  const lines =
    result.outcome === 'restored'
      ? [
          `✓ TrailGuard restarted ${result.trail} in ${where} after ${(result.restoredAfterMs / 1000).toFixed(1)} s.`,
        ]
      : result.outcome === 'timed-out'
        ? [
            `✗ ${result.trail} in ${where} was not restarted within ${(timeoutMs / 1000).toFixed(0)} s.`,
            '  Is TrailGuard deployed there? Run `pnpm trailguard coverage`; then, in that account and',
            `  region, check the log group ${FUNCTION_LOG_GROUP}/… and the queue ${TRAILGUARD_NAMES.deadLetterQueue}.`,
          ]
        : [
            `✗ Interrupted after ${(result.waitedMs / 1000).toFixed(1)} s; ${result.trail} was not restarted by TrailGuard.`,
          ];
  return [...lines, 'Cleanup:', ...result.cleanup.map((c) => `  ${c}`)].join('\n');
}
