import { bootstrapCheck } from '../../../src/commands/doctor/checks/bootstrap';
import { ADMIN, delegatedAdminFacts, failed, healthyFacts, MGMT, ok, settings } from './facts';

describe('bootstrap check', () => {
  const check = bootstrapCheck(settings());

  it('passes when the home region is bootstrapped', () => {
    expect(check.title).toBe(`CDK bootstrap (version ≥ 6) of account ${MGMT} in ap-southeast-2`);
    expect(check.evaluate(healthyFacts())).toEqual({ status: 'pass' });
  });

  it('fails with the bootstrap command for the management account when it is not', () => {
    expect(check.evaluate(healthyFacts({ bootstrap: { 'ap-southeast-2': ok(undefined) } }))).toEqual({
      status: 'fail',
      detail: 'not bootstrapped in ap-southeast-2',
      fix: `Run \`pnpm exec cdk bootstrap aws://${MGMT}/ap-southeast-2\` with that account's credentials.`,
    });
  });

  it('fails when the bootstrap is older than aws-cdk-lib 2 accepts', () => {
    expect(check.evaluate(healthyFacts({ bootstrap: { 'ap-southeast-2': ok(5) } }))).toMatchObject({
      status: 'fail',
      detail: 'bootstrap version 5 in ap-southeast-2',
    });
  });

  it('names the deploying account, not the management account, from a delegated administrator', () => {
    const delegated = bootstrapCheck(settings({ stackSet: { callAs: 'DELEGATED_ADMIN' } }));
    expect(delegated.title).toBe('CDK bootstrap (version ≥ 6) of the deploying account in ap-southeast-2');
    expect(
      delegated.evaluate(delegatedAdminFacts({ bootstrap: { 'ap-southeast-2': ok(undefined) } })),
    ).toMatchObject({
      fix: expect.stringContaining(`cdk bootstrap aws://${ADMIN}/ap-southeast-2`),
    });
  });

  it('says which permission is missing when the parameter could not be read', () => {
    expect(check.evaluate(healthyFacts({ bootstrap: { 'ap-southeast-2': failed() } }))).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('Allow ssm:GetParameter on /cdk-bootstrap/hnb659fds/version'),
    });
  });
});
