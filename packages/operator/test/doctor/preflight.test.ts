import { allPassed, renderChecklist } from '../../src/checklist';
import { evaluatePreflight } from '../../src/commands/doctor/preflight';
import { delegatedAdminFacts, healthyFacts, OU_SAND, OU_WORK, settings } from './checks/facts';

describe('evaluatePreflight', () => {
  it('runs every check in order, and the checklist leaves out those that do not apply', () => {
    const { config } = settings();
    const checks = evaluatePreflight(config, healthyFacts(), 'org.yaml');
    expect(checks.map((c) => c.id)).toEqual([
      'credentials',
      'management-account',
      'delegated-administrator',
      'organization',
      'all-features',
      'service-control-policies',
      'trusted-access',
      `ou:${OU_WORK}`,
      `ou:${OU_SAND}`,
      'security-account',
      'bootstrap',
      'bootstrap-resources',
      'regions',
      'deployer-permissions',
    ]);
    expect(checks.find((c) => c.id === 'delegated-administrator')?.status).toBe('not-applicable');
    expect(checks.find((c) => c.id === 'service-control-policies')?.status).toBe('not-applicable');
    expect(allPassed(checks)).toBe(true);
    const text = renderChecklist(checks);
    expect(text).not.toContain('delegated administrator');
    expect(text).toMatch(/All 12 checks passed\.$/);
  });

  it('from a delegated administrator, checks its registration and not the management account', () => {
    const { config } = settings({ stackSet: { callAs: 'DELEGATED_ADMIN' } });
    const checks = evaluatePreflight(config, delegatedAdminFacts());
    expect(checks.find((c) => c.id === 'management-account')?.status).toBe('not-applicable');
    expect(checks.find((c) => c.id === 'delegated-administrator')?.status).toBe('pass');
    expect(allPassed(checks)).toBe(true);
  });

  it('without credentials, fails the credentials check with how to sign in and skips the rest', () => {
    const { config } = settings();
    const checks = evaluatePreflight(config, {
      caller: { ok: false, error: 'CredentialsProviderError: Could not load credentials from any providers' },
    });
    expect(checks[0]).toMatchObject({
      id: 'credentials',
      status: 'fail',
      fix: expect.stringContaining('aws sso login'),
    });
    const rest = checks.slice(1).filter((c) => c.status !== 'not-applicable');
    expect(rest.length).toBe(11);
    expect(rest.every((c) => c.status === 'skipped' && c.detail === 'needs working credentials')).toBe(true);
    expect(allPassed(checks)).toBe(false);
    expect(renderChecklist(checks)).toMatch(/1 of 12 checks failed, 11 could not run\.$/);
  });
});
