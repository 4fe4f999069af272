import { bootstrapResourcesCheck } from '../../../src/commands/doctor/checks/bootstrap-resources';
import { failed, healthyFacts, MGMT, ok, settings } from './facts';

const REGION = 'ap-southeast-2';
const healthy = healthyFacts().bootstrapResources;
if (!healthy?.ok) throw new Error('the healthy facts have the bootstrap resources');

describe('bootstrap resources check', () => {
  const check = bootstrapResourcesCheck(settings());

  it('passes when the bucket and the roles deploy uses are there', () => {
    expect(check.title).toBe(`CDK bootstrap bucket and roles of account ${MGMT} in ${REGION}`);
    expect(check.evaluate(healthyFacts())).toEqual({
      status: 'pass',
      detail: `bucket cdk-hnb659fds-assets-${MGMT}-${REGION} and 3 roles`,
    });
  });

  it('fails naming what was deleted by hand, with the way to bootstrap again', () => {
    const verdict = check.evaluate(
      healthyFacts({
        bootstrapResources: ok({
          ...healthy.value,
          bucketExists: false,
          roles: { ...healthy.value.roles, [`cdk-hnb659fds-deploy-role-${MGMT}-${REGION}`]: false },
        }),
      }),
    );
    expect(verdict).toEqual({
      status: 'fail',
      detail: `missing: bucket cdk-hnb659fds-assets-${MGMT}-${REGION}, role cdk-hnb659fds-deploy-role-${MGMT}-${REGION}`,
      fix: expect.stringContaining(`\`pnpm exec cdk bootstrap aws://${MGMT}/${REGION}\``),
    });
    expect(verdict.status === 'fail' && verdict.fix).toContain(
      `aws cloudformation delete-stack --stack-name CDKToolkit --region ${REGION}`,
    );
  });

  it('leaves a region that is not bootstrapped at all to the bootstrap check', () => {
    expect(check.evaluate(healthyFacts({ bootstrap: { [REGION]: ok(undefined) } })).status).toBe(
      'not-applicable',
    );
  });

  it('says which permissions are missing when it could not look', () => {
    expect(
      check.evaluate(healthyFacts({ bootstrapResources: failed('AccessDenied: Forbidden') })),
    ).toMatchObject({
      status: 'fail',
      detail: 'could not check (AccessDenied: Forbidden)',
      fix: expect.stringContaining('s3:ListBucket on arn:aws:s3:::cdk-hnb659fds-assets-*'),
    });
  });
});
