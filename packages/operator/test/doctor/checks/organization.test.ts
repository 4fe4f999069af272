import { organizationCheck } from '../../../src/commands/doctor/checks/organization';
import { failed, healthyFacts, MGMT, ok, settings } from './facts';

describe('organization check', () => {
  const check = organizationCheck(settings());

  it('passes when the organization and root are those configured', () => {
    expect(check.title).toBe('Organization o-q9r8s7t6u5 with root r-q9r8');
    expect(check.evaluate(healthyFacts())).toEqual({ status: 'pass' });
  });

  it('fails with both values to set when the ids differ', () => {
    const verdict = check.evaluate(
      healthyFacts({
        organization: ok({ id: 'o-zzzzzzzzzz', managementAccountId: MGMT, featureSet: 'ALL' }),
        roots: ok([{ id: 'r-zzzz', name: 'Root', policyTypes: [] }]),
      }),
    );
    expect(verdict).toEqual({
      status: 'fail',
      detail: 'the organization is o-zzzzzzzzzz; its root is r-zzzz',
      fix: 'Set organizationId: o-zzzzzzzzzz and organizationRootId: r-zzzz in org.yaml.',
    });
  });

  it('says which permission is missing when the roots could not be listed', () => {
    expect(check.evaluate(healthyFacts({ roots: failed() }))).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('organizations:ListRoots'),
    });
  });
});
