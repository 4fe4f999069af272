import type { TrailGuardConfig } from '@trailguard/config';
import { Construct } from 'constructs';
import { type CentralLocation, DEFAULT_SWEEP_INTERVAL_MINUTES } from './names';
import { RemediationFunction } from './remediation-function';
import { TamperRules } from './tamper-rules';

/** Properties of the resources TrailGuard puts in each member account and region. */
export interface MemberResourcesProps {
  /** Where the central topic and bus live. */
  readonly central: CentralLocation;
  /** `remediate` undoes what can be undone; `notify-only` only reports. @default 'remediate' */
  readonly remediationMode?: 'remediate' | 'notify-only';
  /** IAM ARN patterns whose changes are reported, not undone. @default [] */
  readonly exemptPrincipals?: readonly string[];
  /** Minutes between two sweeps. @default 10 */
  readonly sweepIntervalMinutes?: number;
  /** Retention of the function's logs, in days. @default 365 */
  readonly logRetentionDays?: number;
  /** Reserved concurrency of the function. @default - none (it fails in new accounts) */
  readonly reservedConcurrency?: number;
  /** The handler bundle to inline. @default - the text of `pnpm build`'s bundle */
  readonly handlerCode?: string;
}

/** The member resources of a configuration. */
export function memberResourcesProps(config: TrailGuardConfig): MemberResourcesProps {
  return {
    central: { account: config.securityAccountId, region: config.homeRegion },
    remediationMode: config.remediationMode,
    exemptPrincipals: config.exemptPrincipals,
    sweepIntervalMinutes: config.sweepIntervalMinutes,
    logRetentionDays: config.logRetentionDays,
    reservedConcurrency: config.reservedConcurrency,
  };
}

/**
 * Everything TrailGuard runs in one account and region: the remediation function and the rules
 * that invoke it. Usable in a StackSetStack or a plain Stack; it references nothing outside it.
 */
export class MemberResources extends Construct {
  /** The remediation function with its role and dead-letter queue. */
  readonly remediation: RemediationFunction;
  /** The tamper-event rule and the sweep schedule. */
  readonly rules: TamperRules;

  constructor(scope: Construct, id: string, props: MemberResourcesProps) {
    super(scope, id);
    // One interval for the schedule and the handler, which dates "new" problems by it.
    const sweepIntervalMinutes = props.sweepIntervalMinutes ?? DEFAULT_SWEEP_INTERVAL_MINUTES;
    this.remediation = new RemediationFunction(this, 'Remediation', { ...props, sweepIntervalMinutes });
    this.rules = new TamperRules(this, 'Rules', {
      function: this.remediation.function,
      deadLetterQueue: this.remediation.deadLetterQueue,
      central: props.central,
      sweepIntervalMinutes,
    });
  }
}
