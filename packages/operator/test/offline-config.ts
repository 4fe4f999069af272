// A valid configuration for the tests that need no emulator: one made-up organization, with each
// test's own regions and settings as overrides. (kit.ts builds configurations for the emulator's
// organizations, and loads the harness with them.)
import { parseConfig, type TrailGuardConfig, type TrailGuardConfigInput } from '@trailguard/config';

/** The made-up organization's management account. */
export const OFFLINE_MANAGEMENT_ACCOUNT = '310000000001';

/** The configuration, `overrides` applied. */
export function offlineConfig(overrides: Partial<TrailGuardConfigInput> = {}): TrailGuardConfig {
  return parseConfig({
    organizationId: 'o-q9r8s7t6u5',
    organizationRootId: 'r-q9r8',
    managementAccountId: OFFLINE_MANAGEMENT_ACCOUNT,
    securityAccountId: '310000000002',
    homeRegion: 'eu-west-1',
    organizationalUnits: ['ou-q9r8-workload1'],
    regions: ['eu-west-1'],
    notificationEmails: ['soc@example.org'],
    ...overrides,
  });
}
