import { CDK_BOOTSTRAP_PARAMETER } from '../facts';
import { type CheckSettings, fromDelegatedAdmin, type PreflightCheck } from './check';

/** The lowest bootstrap version templates of aws-cdk-lib 2 accept. */
export const MIN_BOOTSTRAP_VERSION = 6;

/**
 * The account that deploys the parent stack is CDK-bootstrapped in the home region: the parent
 * stack, and the member template it passes by URL, are the only CDK deployment.
 */
export function bootstrapCheck(settings: CheckSettings): PreflightCheck {
  const { config } = settings;
  // The parent stack goes to the management account, or from a delegated administrator to the
  // account that deploys it (the caller).
  const where = fromDelegatedAdmin(settings)
    ? 'the deploying account'
    : `account ${config.managementAccountId}`;
  return {
    id: 'bootstrap',
    title: `CDK bootstrap (version ≥ ${MIN_BOOTSTRAP_VERSION}) of ${where} in ${config.homeRegion}`,
    evaluate: ({ caller, bootstrap }) => {
      const version = bootstrap?.[config.homeRegion];
      if (!version?.ok) {
        return {
          status: 'fail',
          detail: `could not check ${config.homeRegion}: ${version?.error ?? 'no answer'}`,
          fix: `Allow ssm:GetParameter on ${CDK_BOOTSTRAP_PARAMETER} to the caller.`,
        };
      }
      if (version.value !== undefined && version.value >= MIN_BOOTSTRAP_VERSION) return { status: 'pass' };
      const account = fromDelegatedAdmin(settings) ? caller.value.account : config.managementAccountId;
      return {
        status: 'fail',
        detail:
          version.value === undefined
            ? `not bootstrapped in ${config.homeRegion}`
            : `bootstrap version ${version.value} in ${config.homeRegion}`,
        fix: `Run \`pnpm exec cdk bootstrap aws://${account}/${config.homeRegion}\` with that account's credentials.`,
      };
    },
  };
}
