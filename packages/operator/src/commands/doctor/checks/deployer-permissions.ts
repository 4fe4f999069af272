import * as path from 'node:path';
import { DEPLOYER_POLICY_FILE } from '../../../deployer-policy';
import { REPOSITORY_ROOT } from '../../../paths';
import type { CheckSettings, PreflightCheck } from './check';

/** The policy file as the README and the fixes name it. */
const POLICY = path.relative(REPOSITORY_ROOT, DEPLOYER_POLICY_FILE);

/**
 * The caller may do everything the commands and `cdk deploy` need, as deployer-policy.json lists
 * it, according to the IAM policy simulator (identity policies, permissions boundary and SCPs).
 * A simulator that does not answer (an emulator) leaves a warning, not a failure.
 */
export function deployerPermissionsCheck(_settings: CheckSettings): PreflightCheck {
  return {
    id: 'deployer-permissions',
    title: `Caller is allowed what ${POLICY} lists`,
    evaluate: ({ caller, deployerPermissions: answer }) => {
      if (caller.value.arn.endsWith(':root')) {
        return { status: 'pass', detail: 'the root user holds every permission of its account' };
      }
      if (!answer?.ok) {
        const error = (answer?.error ?? 'no answer').split('\n')[0]?.slice(0, 160);
        if (/^AccessDenied/.test(error ?? '')) {
          return {
            status: 'fail',
            detail: `could not ask the IAM policy simulator (${error})`,
            fix: `Allow iam:SimulatePrincipalPolicy to the caller (statement CheckTheseVeryPermissions of ${POLICY}), or compare its policies with ${POLICY} by hand.`,
          };
        }
        return {
          status: 'warn',
          detail: `the IAM policy simulator did not answer (${error})`,
          fix: `Compare the caller's policies with ${POLICY} by hand (emulators do not implement iam:SimulatePrincipalPolicy).`,
        };
      }
      const { principal, simulated, denied } = answer.value;
      if (denied.length === 0)
        return { status: 'pass', detail: `${simulated} actions allowed to ${principal}` };
      const actions = [...new Set(denied.map((d) => d.action))];
      const statements = [...new Set(denied.map((d) => d.sid))];
      return {
        status: 'fail',
        detail: `not allowed to ${principal}: ${actions.join(', ')}`,
        fix:
          `Attach ${POLICY} to ${principal} (for an IAM Identity Center role, to its permission set), or add its ` +
          `statements ${statements.join(', ')}. If an SCP or a permissions boundary denies it, the simulator counts that too.`,
      };
    },
  };
}
