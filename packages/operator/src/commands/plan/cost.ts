// What TrailGuard costs a month when nothing happens, at AWS list prices (us-east-1; other regions
// differ by a few percent), so that the bill holds no surprise: `plan` prints it before a deploy.
import type { TrailGuardConfig } from '@trailguard/config';
import { ALARM_NAMES } from '@trailguard/member-stack/names';

/** CloudWatch: a standard-resolution alarm, per month. */
export const ALARM_MONTHLY_USD = 0.1;
/** CloudWatch's free tier: alarms a month, shared across an organization by consolidated billing. */
export const FREE_ALARMS = 10;
/** Lambda: per request, and per GB-second (x86). */
const LAMBDA_REQUEST_USD = 0.2 / 1_000_000;
const LAMBDA_GB_SECOND_USD = 0.0000166667;
/** The function's memory, and what a sweep of a region's trails is assumed to take. */
const FUNCTION_GB = 0.25;
const ASSUMED_SWEEP_SECONDS = 1;
/** The central KMS key of the topic, per month. */
export const KEY_MONTHLY_USD = 1;
const MINUTES_PER_MONTH = 30.42 * 24 * 60;

/** The estimate for a number of account × region pairs (null when the accounts are not known). */
export interface CostEstimate {
  /** Account × region pairs that run TrailGuard: member stack instances and the management account's. */
  readonly pairs: number | null;
  readonly alarmsPerPair: number;
  /** Per pair: its alarms, and its sweeps' Lambda requests and compute. */
  readonly perPairUsd: { readonly alarms: number; readonly lambda: number };
  /** Every pair's alarms beyond the free tier, their Lambda, and the key; null without pairs. */
  readonly monthlyUsd: number | null;
}

/** The monthly estimate for the configuration and, when known, how many pairs run TrailGuard. */
export function estimateCost(config: TrailGuardConfig, pairs: number | null): CostEstimate {
  const alarmsPerPair = Object.keys(ALARM_NAMES).length;
  const sweeps = MINUTES_PER_MONTH / config.sweepIntervalMinutes;
  const lambda = sweeps * (LAMBDA_REQUEST_USD + FUNCTION_GB * ASSUMED_SWEEP_SECONDS * LAMBDA_GB_SECOND_USD);
  const alarms = alarmsPerPair * ALARM_MONTHLY_USD;
  const monthlyUsd =
    pairs === null
      ? null
      : Math.max(0, pairs * alarmsPerPair - FREE_ALARMS) * ALARM_MONTHLY_USD +
        pairs * lambda +
        KEY_MONTHLY_USD;
  return { pairs, alarmsPerPair, perPairUsd: { alarms, lambda }, monthlyUsd };
}

const usd = (value: number): string =>
  value >= 10 ? `$${Math.round(value).toLocaleString('en-US')}` : `$${value.toFixed(2)}`;

/** The estimate as `plan` prints it. */
export function renderCost(cost: CostEstimate): string {
  const lines = [
    'Monthly cost when nothing happens (list prices):',
    `  per account × region: ${cost.alarmsPerPair} CloudWatch alarms (${usd(cost.perPairUsd.alarms)}) and about ${usd(cost.perPairUsd.lambda)} of Lambda sweeps`,
  ];
  if (cost.pairs !== null && cost.monthlyUsd !== null) {
    lines.push(
      `  in all: about ${usd(cost.monthlyUsd)} for ${cost.pairs.toLocaleString('en-US')} account × region pairs (the first ${FREE_ALARMS} alarms of the organization are free), the central key included`,
    );
  } else {
    lines.push(`  once: ${usd(KEY_MONTHLY_USD)} for the central key`);
  }
  lines.push('  incidents, the state table and the dead-letter queue add cents');
  return lines.join('\n');
}
