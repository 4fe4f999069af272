// The handler's environment, defined once: the names of its variables, how the handler reads them
// (parseSettings) and how the member stack writes them (toEnvironment). No SDK import here: the
// CDK code imports this file through the `@trailguard/core-handler/settings` subpath.
import {
  DEFAULT_MAX_DELIVERY_GAP_MINUTES,
  DEFAULT_SWEEP_INTERVAL_MINUTES,
  MAX_MAX_DELIVERY_GAP_MINUTES,
  MAX_SWEEP_INTERVAL_MINUTES,
  MIN_MAX_DELIVERY_GAP_MINUTES,
  MIN_SWEEP_INTERVAL_MINUTES,
} from '@trailguard/config/defaults';
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
  /** Minutes a logging trail may deliver nothing before the sweep reports it. */
  readonly maxDeliveryGapMinutes: number;
  /**
   * The DynamoDB table of short-lived state (claimed event ids, notice counts, the digest), or null:
   * then nothing is deduplicated or held back.
   */
  readonly stateTableName: string | null;
  /** The central event bus every notification is also put on as an incident event, or null: not put. */
  readonly busArn: string | null;
  /** Whether each incident is also imported as a Security Hub finding where it happened. */
  readonly securityHub: boolean;
}

/** The environment variable that carries each setting (the topic's region comes from its ARN). */
export const SETTING_VARIABLES = {
  topicArn: 'NOTIFICATION_TOPIC_ARN',
  mode: 'REMEDIATION_MODE',
  exemptPrincipals: 'EXEMPT_PRINCIPALS',
  selfRoleArn: 'SELF_ROLE_ARN',
  sweepIntervalMinutes: 'SWEEP_INTERVAL_MINUTES',
  maxDeliveryGapMinutes: 'MAX_DELIVERY_GAP_MINUTES',
  stateTableName: 'STATE_TABLE_NAME',
  busArn: 'CENTRAL_BUS_ARN',
  securityHub: 'SECURITY_HUB_FINDINGS',
} as const;

/**
 * Powertools' variables, which the hand-written logger and metrics honour as Powertools does:
 * the `service` key of every log line and metric, the metrics namespace, the log level.
 */
export const OBSERVABILITY_VARIABLES = {
  service: 'POWERTOOLS_SERVICE_NAME',
  namespace: 'POWERTOOLS_METRICS_NAMESPACE',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
} as const;

/** The remediation mode when REMEDIATION_MODE is not set. */
export const DEFAULT_MODE: Settings['mode'] = 'remediate';

/** How the function names itself in logs and metrics unless its environment says otherwise. */
export const DEFAULT_OBSERVABILITY = { service: 'trailguard', namespace: 'TrailGuard' } as const;

/** How the function names itself in logs and metrics, and how much it logs. */
export interface Observability {
  readonly service: string;
  readonly namespace: string;
  /** POWERTOOLS_LOG_LEVEL, else Lambda's own AWS_LAMBDA_LOG_LEVEL; the logger's default when neither. */
  readonly logLevel: string | undefined;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** Reads Powertools' variables; never fails, since logs and metrics must work whatever they say. */
export function observabilityOf(env: Environment): Observability {
  return {
    service: env[OBSERVABILITY_VARIABLES.service]?.trim() || DEFAULT_OBSERVABILITY.service,
    namespace: env[OBSERVABILITY_VARIABLES.namespace]?.trim() || DEFAULT_OBSERVABILITY.namespace,
    logLevel: env[OBSERVABILITY_VARIABLES.logLevel] ?? env.AWS_LAMBDA_LOG_LEVEL,
  };
}

/** What the member stack states of the settings: the topic, and the rest where it has a say. */
export type SettingsInput = Pick<Settings, 'topicArn'> & Partial<Omit<Settings, 'topicArn' | 'topicRegion'>>;

/**
 * The function's environment for these settings, which parseSettings reads back as them; unset
 * settings take parseSettings' defaults. Values are copied, not checked: the member stack passes
 * CloudFormation tokens, and the handler validates what arrives.
 */
export function toEnvironment(settings: SettingsInput): Record<string, string> {
  const V = SETTING_VARIABLES;
  return {
    [V.topicArn]: settings.topicArn,
    [V.mode]: settings.mode ?? DEFAULT_MODE,
    [V.exemptPrincipals]: (settings.exemptPrincipals ?? []).join(','),
    [V.selfRoleArn]: settings.selfRoleArn ?? '',
    [V.sweepIntervalMinutes]: String(settings.sweepIntervalMinutes ?? DEFAULT_SWEEP_INTERVAL_MINUTES),
    [V.maxDeliveryGapMinutes]: String(settings.maxDeliveryGapMinutes ?? DEFAULT_MAX_DELIVERY_GAP_MINUTES),
    ...(settings.stateTableName ? { [V.stateTableName]: settings.stateTableName } : {}),
    ...(settings.busArn ? { [V.busArn]: settings.busArn } : {}),
    [V.securityHub]: settings.securityHub ? 'enabled' : 'disabled',
    [OBSERVABILITY_VARIABLES.service]: DEFAULT_OBSERVABILITY.service,
    [OBSERVABILITY_VARIABLES.namespace]: DEFAULT_OBSERVABILITY.namespace,
  };
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[\w-]{1,256}$/;

/** Validates the environment; every problem is reported at once in a ConfigurationError. */
export function parseSettings(env: Environment): Settings {
  const V = SETTING_VARIABLES;
  const problems: string[] = [];
  const topicArn = env[V.topicArn]?.trim() ?? '';
  const topicRegion = TOPIC_ARN.exec(topicArn)?.[1];
  if (!topicArn) problems.push(`${V.topicArn} is required (the central SNS topic ARN)`);
  else if (!topicRegion)
    problems.push(`${V.topicArn} must be an SNS topic ARN, got ${JSON.stringify(topicArn)}`);
  const mode = env[V.mode]?.trim() || DEFAULT_MODE;
  if (mode !== 'remediate' && mode !== 'notify-only') {
    problems.push(`${V.mode} must be remediate or notify-only, got ${JSON.stringify(mode)}`);
  }
  const exemptPrincipals = (env[V.exemptPrincipals] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const pattern of exemptPrincipals) {
    if (!pattern.startsWith('arn:'))
      problems.push(`${V.exemptPrincipals} entries must be ARN patterns, got ${JSON.stringify(pattern)}`);
  }
  const selfRoleArn = env[V.selfRoleArn]?.trim() || null;
  if (selfRoleArn && !/^arn:aws[a-z-]*:iam::(\d{12}|\*):role\/.+$/.test(selfRoleArn)) {
    problems.push(`${V.selfRoleArn} must be an IAM role ARN (pattern), got ${JSON.stringify(selfRoleArn)}`);
  }
  // The config's bounds, in whole minutes.
  const minutes = (variable: string, fallback: number, min: number, max: number): number => {
    const text = env[variable]?.trim() || String(fallback);
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      problems.push(
        `${variable} must be a whole number of minutes from ${min} to ${max}, got ${JSON.stringify(text)}`,
      );
    }
    return value;
  };
  const sweepIntervalMinutes = minutes(
    V.sweepIntervalMinutes,
    DEFAULT_SWEEP_INTERVAL_MINUTES,
    MIN_SWEEP_INTERVAL_MINUTES,
    MAX_SWEEP_INTERVAL_MINUTES,
  );
  const maxDeliveryGapMinutes = minutes(
    V.maxDeliveryGapMinutes,
    DEFAULT_MAX_DELIVERY_GAP_MINUTES,
    MIN_MAX_DELIVERY_GAP_MINUTES,
    MAX_MAX_DELIVERY_GAP_MINUTES,
  );
  const stateTableName = env[V.stateTableName]?.trim() || null;
  if (stateTableName && !/^[\w.-]{3,255}$/.test(stateTableName)) {
    problems.push(`${V.stateTableName} must be a DynamoDB table name, got ${JSON.stringify(stateTableName)}`);
  }
  const delivery = parseDelivery(env, problems);
  if (problems.length > 0) {
    throw new ConfigurationError(`TrailGuard handler environment is invalid: ${problems.join('; ')}`);
  }
  return {
    ...delivery,
    topicArn,
    topicRegion: topicRegion as string,
    mode: mode as Settings['mode'],
    exemptPrincipals,
    selfRoleArn,
    sweepIntervalMinutes,
    maxDeliveryGapMinutes,
    stateTableName,
  };
}

const BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[\w.\-/]{1,256}$/;

/** Where else a notification goes: the central bus and Security Hub; problems are added to `problems`. */
function parseDelivery(env: Environment, problems: string[]): Pick<Settings, 'busArn' | 'securityHub'> {
  const V = SETTING_VARIABLES;
  const busArn = env[V.busArn]?.trim() || null;
  if (busArn && !BUS_ARN.test(busArn)) {
    problems.push(`${V.busArn} must be an EventBridge event bus ARN, got ${JSON.stringify(busArn)}`);
  }
  const securityHub = env[V.securityHub]?.trim() || 'disabled';
  if (securityHub !== 'enabled' && securityHub !== 'disabled') {
    problems.push(`${V.securityHub} must be enabled or disabled, got ${JSON.stringify(securityHub)}`);
  }
  return { busArn, securityHub: securityHub === 'enabled' };
}
