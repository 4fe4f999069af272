import { type CheckSettings, couldNotCheck, type PreflightCheck } from './check';

/** The security account is an active member: the central StackSet deploys there. */
export function securityAccountCheck(settings: CheckSettings): PreflightCheck {
  const { config, configFile } = settings;
  return {
    id: 'security-account',
    title: `Security account ${config.securityAccountId} is an active member`,
    evaluate: ({ securityAccount }) => {
      if (!securityAccount?.ok)
        return couldNotCheck(settings, securityAccount, 'organizations:DescribeAccount');
      const account = securityAccount.value;
      if (account === undefined) {
        return {
          status: 'fail',
          detail: `not a member of ${config.organizationId}`,
          fix:
            `Invite it (\`aws organizations invite-account-to-organization --target Id=${config.securityAccountId},Type=ACCOUNT\`) ` +
            `or set securityAccountId in ${configFile} to a member account.`,
        };
      }
      if (account.state === 'ACTIVE') return { status: 'pass', detail: account.name };
      return {
        status: 'fail',
        detail: `${account.name} is ${account.state}`,
        fix: `A ${account.state.toLowerCase()} account cannot receive the central stack: set securityAccountId in ${configFile} to an active account.`,
      };
    },
  };
}
