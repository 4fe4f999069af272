import type { TrailGuardConfig } from '@trailguard/config';
import { DEFAULT_SWEEP_INTERVAL_MINUTES } from '@trailguard/config/defaults';
import { Construct } from 'constructs';
import { RemediationFunction, type RemediationFunctionProps } from './remediation-function';
import { TamperRules } from './tamper-rules';
import { WatcherAlarms } from './watcher-alarms';

/**
 * Properties of the resources TrailGuard puts in each member account and region: those of the
 * remediation function, whose sweep interval also sets the sweep schedule.
 */
export type MemberResourcesProps = RemediationFunctionProps;

/** The member resources of a configuration. */
export function memberResourcesProps(config: TrailGuardConfig): MemberResourcesProps {
  return {
    central: { account: config.securityAccountId, region: config.homeRegion },
    remediationMode: config.remediationMode,
    exemptPrincipals: config.exemptPrincipals,
    sweepIntervalMinutes: config.sweepIntervalMinutes,
    maxDeliveryGapMinutes: config.maxDeliveryGapMinutes,
    logRetentionDays: config.logRetentionDays,
    reservedConcurrency: config.reservedConcurrency,
    securityHubFindings: config.securityHub.enabled,
  };
}

/**
 * Everything TrailGuard runs in one account and region: the remediation function, the rules
 * that invoke it and the alarms that watch it. Usable in a StackSetStack or a plain Stack; it references nothing outside it.
 */
export class MemberResources extends Construct {
  /** The remediation function with its role and dead-letter queue. */
  readonly remediation: RemediationFunction;
  /** The tamper-event rule and the sweep schedule. */
  readonly rules: TamperRules;
  /** The alarms on the function's own failures, forwarded to the central bus. */
  readonly alarms: WatcherAlarms;

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
    this.alarms = new WatcherAlarms(this, 'Alarms', {
      function: this.remediation.function,
      deadLetterQueue: this.remediation.deadLetterQueue,
      central: props.central,
      forwardRole: this.rules.forwardRole,
    });
  }
}
