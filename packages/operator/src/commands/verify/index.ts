import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { AWS_REGIONS, type TrailGuardConfig } from '@trailguard/config';
import { VERIFY_CANARY_PREFIX } from '@trailguard/config/defaults';
import { FUNCTION_LOG_GROUP, TRAILGUARD_NAMES } from '@trailguard/member-stack/names';
import { closest } from 'fastest-levenshtein';
import { type CommandContext, type CommandIo, createContext, numberFlag, parseFlags } from '../../context';
import { renderJson } from '../../output';
import { UsageError } from '../../run-command';
import { preventionVerdict, readPreventionFacts } from './prevention';
import { type VerifyResult, verifyRemediation } from './verify-remediation';

export const VERIFY_USAGE = `Usage: pnpm trailguard verify [--account ID] [--region REGION] [--trail NAME]
                             [--role-name NAME] [--timeout SECONDS] [--interval SECONDS] [--json]
                             [--config FILE] [--endpoint-url URL]

Proves remediation works: stops a trail in the account and region (a temporary canary trail and
bucket named ${VERIFY_CANARY_PREFIX}…, unless --trail names one), waits for TrailGuard to
restart it, and reports the time to restore. Always cleans up: deletes the canary, or restarts
the named trail if TrailGuard did not. The security team gets the canary's notice at info
severity, worded as a verification; a trail named by --trail is reported as any other
(critical). Before it creates anything, it refuses a region that is not among the configured
regions, and, when prevention is enabled, a caller the service control policy would not let stop
the trail (one that is not a break-glass principal).
  --account     account to test in; by default the caller's (others through --role-name)
  --region      one of the configured regions; by default the configured homeRegion
  --role-name   role assumed in --account; by default OrganizationAccountAccessRole
  --timeout     give up after this many seconds; by default 300
  --interval    poll GetTrailStatus this often, in seconds; by default 5
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
    requireConfiguredRegion(ctx.config, region);
    const roleName = values['role-name'] ?? 'OrganizationAccountAccessRole';
    const account = values.account ?? (await ctx.clients.callerAccountId(region));
    await requireStoppableTrail(ctx, { account, region, roleName });
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

/** A region that is not an AWS region, or one TrailGuard is not configured for, is bad input (exit 2). */
export function requireConfiguredRegion(config: TrailGuardConfig, region: string): void {
  const configured: readonly string[] = config.regions;
  if (configured.includes(region)) return;
  const known: readonly string[] = AWS_REGIONS;
  if (!known.includes(region)) {
    throw new UsageError(
      `--region ${region} is not an AWS region; did you mean ${closest(region, [...configured])}? ` +
        `The configured regions are ${configured.join(', ')}. Nothing was created.`,
    );
  }
  throw new UsageError(
    `--region ${region} is not among the configured regions (${configured.join(', ')}): TrailGuard is not ` +
      'deployed there, so nothing would restart the trail. Nothing was created.',
  );
}

/**
 * With prevention on, the service control policy denies StopLogging to everyone but its exempt
 * principals: say which applies before creating anything, and refuse (exit 2) when the caller
 * could not stop the canary, since the run would prove nothing.
 */
async function requireStoppableTrail(
  ctx: CommandContext<unknown>,
  where: { account: string; region: string; roleName: string },
): Promise<void> {
  if (!ctx.config.prevention.enabled) return;
  const facts = await readPreventionFacts(ctx.config, ctx.clients, where);
  const verdict = preventionVerdict(ctx.config, facts);
  if (verdict.kind === 'not-attached') ctx.note(`Prevention is on, but ${verdict.reason}.`);
  if (verdict.kind === 'exempt') {
    ctx.note(
      `Prevention is on: ${verdict.principal} matches the exempt principal ${verdict.pattern}, so the service control policy lets it stop the trail.`,
    );
  }
  if (verdict.kind !== 'denied') return;
  const unknownOus =
    facts.underTargets === undefined
      ? ' (verify could not read whether the account is under the configured OUs; it assumes so)'
      : '';
  throw new UsageError(
    [
      `Prevention is on: the service control policy on the configured OUs denies cloudtrail:StopLogging in account ${where.account} to ${verdict.principal}${unknownOus},`,
      'which matches none of prevention.breakGlassPrincipals, so verify could not stop the trail and would prove nothing. Nothing was created.',
      'Run verify as a break-glass principal: `--role-name NAME` of a break-glass role in that account, or with its credentials.',
    ].join('\n'),
  );
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
