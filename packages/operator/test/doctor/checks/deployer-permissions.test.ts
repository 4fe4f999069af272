import { deployerPermissionsCheck } from '../../../src/commands/doctor/checks/deployer-permissions';
import { failed, healthyFacts, MGMT, ok, settings } from './facts';

const ROLE = `arn:aws:iam::${MGMT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Deployer_0123`;

describe('deployer permissions check', () => {
  const check = deployerPermissionsCheck(settings());

  it('passes when the simulator allows every action of the policy file', () => {
    expect(check.title).toBe('Caller is allowed what packages/operator/deployer-policy.json lists');
    expect(check.evaluate(healthyFacts())).toEqual({
      status: 'pass',
      detail: `24 actions allowed to arn:aws:iam::${MGMT}:role/Admin`,
    });
  });

  it('fails naming each denied action once, and the statements that grant them', () => {
    const denied = [
      {
        sid: 'DeployWithTheCdkBootstrapRoles',
        action: 'sts:AssumeRole',
        resource: 'a',
        decision: 'implicitDeny',
      },
      {
        sid: 'DeployWithTheCdkBootstrapRoles',
        action: 'sts:AssumeRole',
        resource: 'b',
        decision: 'implicitDeny',
      },
      { sid: 'ReadTheRegions', action: 'ec2:DescribeRegions', resource: '*', decision: 'explicitDeny' },
    ];
    expect(
      check.evaluate(healthyFacts({ deployerPermissions: ok({ principal: ROLE, simulated: 24, denied }) })),
    ).toEqual({
      status: 'fail',
      detail: `not allowed to ${ROLE}: sts:AssumeRole, ec2:DescribeRegions`,
      fix: expect.stringContaining(
        `Attach packages/operator/deployer-policy.json to ${ROLE} (for an IAM Identity Center role, to its permission set), or add its statements DeployWithTheCdkBootstrapRoles, ReadTheRegions.`,
      ),
    });
  });

  it('fails when the caller may not ask the simulator, and warns when the simulator does not answer', () => {
    expect(
      check.evaluate(
        healthyFacts({
          deployerPermissions: failed('AccessDenied: not authorized to perform iam:SimulatePrincipalPolicy'),
        }),
      ),
    ).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('Allow iam:SimulatePrincipalPolicy to the caller'),
    });
    expect(
      check.evaluate(healthyFacts({ deployerPermissions: failed('Error: XML parse error\nmore') })),
    ).toEqual({
      status: 'warn',
      detail: 'the IAM policy simulator did not answer (Error: XML parse error)',
      fix: expect.stringContaining('by hand'),
    });
  });

  it('passes the root user without asking: it holds every permission', () => {
    const root = healthyFacts({
      caller: { ok: true, value: { account: MGMT, arn: `arn:aws:iam::${MGMT}:root` } },
      deployerPermissions: failed('should not be read'),
    });
    expect(check.evaluate(root).status).toBe('pass');
  });
});
