import { GetRoleCommand, IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsClients } from '../../src/aws-clients';
import { simulateDeployerPolicy } from '../../src/commands/doctor/permission-facts';
import { OFFLINE_MANAGEMENT_ACCOUNT, offlineConfig } from '../offline-config';

// The emulator has no IAM policy simulator (it answers HTTP 500), so its answers are stood in
// for here, shaped as IAM documents them; what the simulator decides is proven only against AWS.

const ACCOUNT = OFFLINE_MANAGEMENT_ACCOUNT;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Deployer_0123`;
const config = offlineConfig({ homeRegion: 'ap-southeast-2', regions: ['ap-southeast-2'] });
const caller = {
  account: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Deployer_0123/alice`,
};

describe('simulateDeployerPolicy', () => {
  const iam = mockClient(IAMClient);
  afterEach(() => iam.reset());
  afterAll(() => iam.restore());
  const clients = () =>
    new AwsClients({ credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });

  it("simulates the caller's role (with its path) and lists each denied action × resource", async () => {
    iam.on(GetRoleCommand).resolves({ Role: { Arn: ROLE_ARN } as never });
    // As IAM answers: one result per action, and per resource when several are named.
    const decide = (action: string, arn: string) =>
      action === 'sts:AssumeRole' && arn.includes('lookup-role') ? 'implicitDeny' : 'allowed';
    iam
      .on(SimulatePrincipalPolicyCommand)
      .callsFake((input: { ActionNames: string[]; ResourceArns?: string[] }) => ({
        EvaluationResults: input.ActionNames.map((action) => {
          const arns = input.ResourceArns ?? [];
          const decisions = arns.map((arn) => decide(action, arn));
          return {
            EvalActionName: action,
            EvalResourceName: arns.length === 1 ? arns[0] : '*',
            EvalDecision: decisions.find((d) => d !== 'allowed') ?? 'allowed',
            ...(arns.length > 1
              ? {
                  ResourceSpecificResults: arns.map((arn) => ({
                    EvalResourceName: arn,
                    EvalResourceDecision: decide(action, arn),
                  })),
                }
              : {}),
          };
        }),
      }));
    const answer = await simulateDeployerPolicy(clients(), caller, config);
    expect(answer.principal).toBe(ROLE_ARN);
    for (const call of iam.commandCalls(SimulatePrincipalPolicyCommand)) {
      expect(call.args[0].input.PolicySourceArn).toBe(ROLE_ARN);
    }
    expect(answer.denied).toEqual([
      {
        sid: 'DeployWithTheCdkBootstrapRoles',
        action: 'sts:AssumeRole',
        resource: `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-lookup-role-${ACCOUNT}-ap-southeast-2`,
        decision: 'implicitDeny',
      },
    ]);
    // Each action once per resource, statement by statement: 3 roles + 1 + 1 + 2 + 3 roles + 1
    // + 9 + 1 + 2 + 3 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 5 + 4 + 1.
    expect(answer.simulated).toBe(45);
  });

  it('names an endpoint without the simulator for what it is', async () => {
    iam.on(GetRoleCommand).rejects(Object.assign(new Error('NoSuchEntity'), { name: 'NoSuchEntity' }));
    iam
      .on(SimulatePrincipalPolicyCommand)
      .rejects(Object.assign(new Error('XML parse error'), { $metadata: { httpStatusCode: 500 } }));
    await expect(simulateDeployerPolicy(clients(), caller, config)).rejects.toMatchObject({
      name: 'SimulatorUnavailable',
      message: 'iam:SimulatePrincipalPolicy answered HTTP 500',
    });
  });

  it('does not simulate the root user', async () => {
    const answer = await simulateDeployerPolicy(
      clients(),
      { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` },
      config,
    );
    expect(answer).toEqual({ principal: '', simulated: 0, denied: [] });
    expect(iam.calls()).toHaveLength(0);
  });
});
