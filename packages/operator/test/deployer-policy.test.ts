import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '@trailguard/test';
import { arnLike } from '../src/arn-like';
import {
  CONCRETE_RESOURCES,
  DEPLOYER_POLICY_FILE,
  readDeployerPolicy,
  simulationRequests,
} from '../src/deployer-policy';

const where = { account: '310000000001', region: 'ap-southeast-2', memberAccount: '310000000002' };

describe('deployer-policy.json', () => {
  const policy = readDeployerPolicy();

  it('is the file the operator README points to, an IAM policy of Allow statements with unique Sids', () => {
    expect(path.relative(REPO_ROOT, DEPLOYER_POLICY_FILE)).toBe('packages/operator/deployer-policy.json');
    expect(readFileSync(path.join(REPO_ROOT, 'packages/operator/README.md'), 'utf8')).toContain(
      'deployer-policy.json',
    );
    expect(JSON.parse(readFileSync(DEPLOYER_POLICY_FILE, 'utf8')).Version).toBe('2012-10-17');
    const sids = policy.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    expect(policy.Statement.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(Object.keys(CONCRETE_RESOURCES).sort()).toEqual([...sids].sort());
  });

  it("asks the simulator about resources each statement's own patterns cover", () => {
    for (const request of simulationRequests(policy, where)) {
      const statement = policy.Statement.find((s) => s.Sid === request.sid);
      const patterns = [statement?.Resource ?? []].flat();
      for (const resource of request.resources) {
        const covered = patterns.some((p) => p === '*' || arnLike(p, resource));
        expect({ sid: request.sid, resource, covered }).toEqual({
          sid: request.sid,
          resource,
          covered: true,
        });
      }
    }
  });

  it("grants every AWS call the doctor, plan, coverage and destroy make with the caller's own credentials", () => {
    const actions = new Set(policy.Statement.flatMap((s) => [s.Action].flat()));
    for (const call of [
      'sts:AssumeRole',
      'ssm:GetParameter',
      's3:ListBucket',
      'iam:GetRole',
      'iam:SimulatePrincipalPolicy',
      'organizations:DescribeOrganization',
      'organizations:ListAccountsForParent',
      'organizations:DescribeAccount',
      'organizations:ListParents',
      'ec2:DescribeRegions',
      'cloudformation:DescribeStacks',
      'cloudformation:DescribeStackSet',
      'cloudformation:ListStackInstances',
      'securityhub:ListOrganizationAdminAccounts',
    ]) {
      expect(actions).toContain(call);
    }
  });
});
