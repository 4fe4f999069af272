import { parseConfig, type TrailGuardConfigInput } from '@trailguard/config';
import type { CheckSettings, SignedInFacts } from '../../../src/commands/doctor/checks/check';
import { type Fact, STACKSETS_SERVICE_PRINCIPAL } from '../../../src/commands/doctor/facts';

// A healthy organization as the facts describe it, for testing each check on its own. Values
// unlike the example configuration, so nothing passes by echoing it.
export const MGMT = '310000000001';
export const SECURITY = '310000000002';
export const ADMIN = '310000000003';
export const OU_WORK = 'ou-q9r8-workload1';
export const OU_SAND = 'ou-q9r8-sandbox1';

export function ok<T>(value: T): Fact<T> {
  return { ok: true, value };
}

export function failed(error = 'AccessDeniedException: not authorized'): Fact<never> {
  return { ok: false, error };
}

/** Settings of a valid configuration, with `overrides` applied. */
export function settings(overrides: Partial<TrailGuardConfigInput> = {}): CheckSettings {
  const config = parseConfig({
    organizationId: 'o-q9r8s7t6u5',
    organizationRootId: 'r-q9r8',
    managementAccountId: MGMT,
    securityAccountId: SECURITY,
    homeRegion: 'ap-southeast-2',
    organizationalUnits: [OU_WORK, OU_SAND],
    regions: ['ap-southeast-2', 'ca-central-1'],
    notificationEmails: ['soc@example.org'],
    ...overrides,
  });
  return { config, configFile: 'org.yaml' };
}

/** The facts of an organization ready for TrailGuard, read by the management account; `overrides` break one. */
export function healthyFacts(overrides: Partial<SignedInFacts> = {}): SignedInFacts {
  return {
    caller: { ok: true, value: { account: MGMT, arn: `arn:aws:sts::${MGMT}:assumed-role/Admin/alice` } },
    organization: ok({ id: 'o-q9r8s7t6u5', managementAccountId: MGMT, featureSet: 'ALL' }),
    roots: ok([
      { id: 'r-q9r8', name: 'Root', policyTypes: [{ type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' }] },
    ]),
    trustedServices: ok(['sso.amazonaws.com', STACKSETS_SERVICE_PRINCIPAL]),
    units: { [OU_WORK]: ok('Workloads'), [OU_SAND]: ok('Sandbox') },
    securityAccount: ok({ state: 'ACTIVE', name: 'security' }),
    bootstrap: { 'ap-southeast-2': ok(27) },
    bootstrapResources: ok({
      account: MGMT,
      region: 'ap-southeast-2',
      bucket: `cdk-hnb659fds-assets-${MGMT}-ap-southeast-2`,
      bucketExists: true,
      roles: {
        [`cdk-hnb659fds-deploy-role-${MGMT}-ap-southeast-2`]: true,
        [`cdk-hnb659fds-file-publishing-role-${MGMT}-ap-southeast-2`]: true,
        [`cdk-hnb659fds-cfn-exec-role-${MGMT}-ap-southeast-2`]: true,
      },
    }),
    deployerPermissions: ok({ principal: `arn:aws:iam::${MGMT}:role/Admin`, simulated: 24, denied: [] }),
    regionStatus: ok({
      'ap-southeast-2': 'opt-in-not-required',
      'ca-central-1': 'opt-in-not-required',
      'ap-east-1': 'not-opted-in',
    }),
    ...overrides,
  };
}

/** The same organization read by a delegated administrator for StackSets. */
export function delegatedAdminFacts(overrides: Partial<SignedInFacts> = {}): SignedInFacts {
  return healthyFacts({
    caller: { ok: true, value: { account: ADMIN, arn: `arn:aws:sts::${ADMIN}:assumed-role/Deployer/ci` } },
    delegatedAdministrators: ok([ADMIN]),
    ...overrides,
  });
}
