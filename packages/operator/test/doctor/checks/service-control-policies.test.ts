import { serviceControlPoliciesCheck } from '../../../src/commands/doctor/checks/service-control-policies';
import { failed, healthyFacts, ok, settings } from './facts';

const PREVENTION = { prevention: { enabled: true, breakGlassPrincipals: [] } };

function rootWith(policyTypes: Array<{ type: string; status: string }>) {
  return { roots: ok([{ id: 'r-q9r8', name: 'Root', policyTypes }]) };
}

describe('service control policies check', () => {
  it('does not apply when prevention is off', () => {
    const check = serviceControlPoliciesCheck(settings());
    expect(check.notApplicable).toMatch(/prevention is not enabled/);
  });

  it('passes when SERVICE_CONTROL_POLICY is enabled on the configured root', () => {
    const check = serviceControlPoliciesCheck(settings(PREVENTION));
    expect(check.notApplicable).toBeUndefined();
    expect(check.title).toBe('Service control policies enabled on root r-q9r8 (prevention.enabled)');
    expect(check.evaluate(healthyFacts())).toEqual({ status: 'pass' });
  });

  it('fails with the enable-policy-type command when only tag policies are enabled', () => {
    const check = serviceControlPoliciesCheck(settings(PREVENTION));
    const verdict = check.evaluate(healthyFacts(rootWith([{ type: 'TAG_POLICY', status: 'ENABLED' }])));
    expect(verdict).toEqual({
      status: 'fail',
      detail: 'SERVICE_CONTROL_POLICY is not enabled on the root',
      fix: expect.stringContaining(
        '`aws organizations enable-policy-type --root-id r-q9r8 --policy-type SERVICE_CONTROL_POLICY`',
      ),
    });
    expect(verdict).toMatchObject({ fix: expect.stringContaining('prevention.enabled: false in org.yaml') });
  });

  it('fails, asking to wait, while the policy type is still being enabled', () => {
    const check = serviceControlPoliciesCheck(settings(PREVENTION));
    expect(
      check.evaluate(healthyFacts(rootWith([{ type: 'SERVICE_CONTROL_POLICY', status: 'PENDING_ENABLE' }]))),
    ).toMatchObject({ status: 'fail', detail: expect.stringContaining('PENDING_ENABLE') });
  });

  it('leaves a root of another organization to the organization check', () => {
    const check = serviceControlPoliciesCheck(settings({ ...PREVENTION, organizationRootId: 'r-zzzz' }));
    expect(check.evaluate(healthyFacts())).toMatchObject({ status: 'not-applicable' });
  });

  it('says which permission is missing when the roots could not be listed', () => {
    const check = serviceControlPoliciesCheck(settings(PREVENTION));
    expect(check.evaluate(healthyFacts({ roots: failed() }))).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('organizations:ListRoots'),
    });
  });
});
