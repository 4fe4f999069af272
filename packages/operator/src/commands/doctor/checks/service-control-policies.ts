import { type CheckSettings, couldNotCheck, type PreflightCheck } from './check';

/** The policy type the prevention SCP needs enabled on the root. */
export const SCP_POLICY_TYPE = 'SERVICE_CONTROL_POLICY';

/**
 * With `prevention.enabled`, service control policies are enabled on the root: an organization
 * with all features may still have the SCP policy type disabled, and the prevention policy then
 * fails to attach, rolling the whole deployment back.
 */
export function serviceControlPoliciesCheck(settings: CheckSettings): PreflightCheck {
  const { config } = settings;
  const rootId = config.organizationRootId;
  const enable = `\`aws organizations enable-policy-type --root-id ${rootId} --policy-type ${SCP_POLICY_TYPE}\``;
  return {
    id: 'service-control-policies',
    title: `Service control policies enabled on root ${rootId} (prevention.enabled)`,
    ...(config.prevention.enabled
      ? {}
      : { notApplicable: 'prevention is not enabled: TrailGuard attaches no service control policy' }),
    evaluate: ({ roots }) => {
      if (!roots?.ok) return couldNotCheck(settings, roots, 'organizations:ListRoots');
      const root = roots.value.find((r) => r.id === rootId);
      // The organization check reports a root that is not this organization's.
      if (!root) return { status: 'not-applicable', detail: `no root ${rootId} in this organization` };
      const status = root.policyTypes.find((t) => t.type === SCP_POLICY_TYPE)?.status;
      if (status === 'ENABLED') return { status: 'pass' };
      if (status === 'PENDING_ENABLE') {
        return {
          status: 'fail',
          detail: `${SCP_POLICY_TYPE} is still being enabled (PENDING_ENABLE)`,
          fix: `Wait a minute until \`aws organizations list-roots\` shows it ENABLED, then run this again.`,
        };
      }
      return {
        status: 'fail',
        detail: `${SCP_POLICY_TYPE} is ${status === undefined ? 'not enabled' : status} on the root`,
        fix:
          `Run ${enable} in the management account (Organizations console → Policies → Service control policies → ` +
          `"Enable service control policies"), or set prevention.enabled: false in ${settings.configFile}.`,
      };
    },
  };
}
