import { organizationalUnitChecks } from '../../../src/commands/doctor/checks/organizational-units';
import { failed, healthyFacts, OU_SAND, OU_WORK, ok, settings } from './facts';

describe('organizational-unit checks', () => {
  it('makes one check per configured target, each passing with the OU name', () => {
    const checks = organizationalUnitChecks(settings());
    expect(checks.map((c) => c.id)).toEqual([`ou:${OU_WORK}`, `ou:${OU_SAND}`]);
    expect(checks.map((c) => c.evaluate(healthyFacts()))).toEqual([
      { status: 'pass', detail: 'Workloads' },
      { status: 'pass', detail: 'Sandbox' },
    ]);
  });

  it('fails for an OU the organization does not have, with how to list the OUs', () => {
    const [work] = organizationalUnitChecks(settings());
    const verdict = work?.evaluate(
      healthyFacts({ units: { [OU_WORK]: ok(undefined), [OU_SAND]: ok('Sandbox') } }),
    );
    expect(verdict).toEqual({
      status: 'fail',
      detail: 'no such OU in o-q9r8s7t6u5',
      fix: expect.stringContaining('list-organizational-units-for-parent --parent-id r-q9r8'),
    });
  });

  it('checks a root target against the roots', () => {
    const [root, missing] = organizationalUnitChecks(settings({ organizationalUnits: ['r-q9r8', 'r-zzzz'] }));
    expect(root?.evaluate(healthyFacts())).toEqual({
      status: 'pass',
      detail: 'Root (the whole organization)',
    });
    expect(missing?.evaluate(healthyFacts())).toMatchObject({ status: 'fail', detail: 'no such root' });
  });

  it('says which permission is missing when the OU could not be read', () => {
    const [work] = organizationalUnitChecks(settings());
    expect(work?.evaluate(healthyFacts({ units: { [OU_WORK]: failed() } }))).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('organizations:DescribeOrganizationalUnit'),
    });
  });
});
