import { ConfigurationError } from './errors';

/** The handler's settings, read from its environment (see DESIGN.md, "Handler environment"). */
export interface Settings {
  /** The central SNS topic. */
  readonly topicArn: string;
  /** The topic's region: the SNS client publishes there. */
  readonly topicRegion: string;
  readonly mode: 'remediate' | 'notify-only';
  /** IAM ARN patterns (`*` wildcards) whose changes are reported, not undone. */
  readonly exemptPrincipals: readonly string[];
  /**
   * The function's own execution role, an ARN pattern (`*` wildcards, as in EXEMPT_PRINCIPALS;
   * without `*` it means equality): calls by a matching role are echoes.
   */
  readonly selfRoleArn: string | null;
  /** Minutes between two sweeps (the schedule's rate): the window in which a problem is new. */
  readonly sweepIntervalMinutes: number;
}

/** The sweep interval when SWEEP_INTERVAL_MINUTES is not set (the config's default). */
export const DEFAULT_SWEEP_INTERVAL_MINUTES = 10;

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[\w-]{1,256}$/;

/** Validates the environment; every problem is reported at once in a ConfigurationError. */
export function parseSettings(env: Readonly<Record<string, string | undefined>>): Settings {
  const problems: string[] = [];
  const topicArn = env.NOTIFICATION_TOPIC_ARN?.trim() ?? '';
  const topicRegion = TOPIC_ARN.exec(topicArn)?.[1];
  if (!topicArn) problems.push('NOTIFICATION_TOPIC_ARN is required (the central SNS topic ARN)');
  else if (!topicRegion)
    problems.push(`NOTIFICATION_TOPIC_ARN must be an SNS topic ARN, got ${JSON.stringify(topicArn)}`);
  const mode = env.REMEDIATION_MODE?.trim() || 'remediate';
  if (mode !== 'remediate' && mode !== 'notify-only') {
    problems.push(`REMEDIATION_MODE must be remediate or notify-only, got ${JSON.stringify(mode)}`);
  }
  const exemptPrincipals = (env.EXEMPT_PRINCIPALS ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const pattern of exemptPrincipals) {
    if (!pattern.startsWith('arn:'))
      problems.push(`EXEMPT_PRINCIPALS entries must be ARN patterns, got ${JSON.stringify(pattern)}`);
  }
  const selfRoleArn = env.SELF_ROLE_ARN?.trim() || null;
  if (selfRoleArn && !/^arn:aws[a-z-]*:iam::(\d{12}|\*):role\/.+$/.test(selfRoleArn)) {
    problems.push(`SELF_ROLE_ARN must be an IAM role ARN (pattern), got ${JSON.stringify(selfRoleArn)}`);
  }
  const interval = env.SWEEP_INTERVAL_MINUTES?.trim() || String(DEFAULT_SWEEP_INTERVAL_MINUTES);
  const sweepIntervalMinutes = Number(interval);
  // The same bounds as the config's sweepIntervalMinutes: whole minutes, at most a day.
  if (!/^\d+$/.test(interval) || sweepIntervalMinutes < 1 || sweepIntervalMinutes > 1440) {
    problems.push(
      `SWEEP_INTERVAL_MINUTES must be a whole number of minutes from 1 to 1440, got ${JSON.stringify(interval)}`,
    );
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`TrailGuard handler environment is invalid: ${problems.join('; ')}`);
  }
  return {
    topicArn,
    topicRegion: topicRegion as string,
    mode: mode as Settings['mode'],
    exemptPrincipals,
    selfRoleArn,
    sweepIntervalMinutes,
  };
}
