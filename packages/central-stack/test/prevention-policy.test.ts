import { scratchDir } from '@trailguard/test/scratch';
import { App, Stack } from 'aws-cdk-lib';
import { MAX_SCP_LENGTH, PreventionPolicy, policyLength, preventionPolicyDocument } from '../src';
import { resourceOf } from './policy-simulation';
import { synthesize, testConfig } from './synth';

interface Statement {
  Sid: string;
  Action: string | string[];
  Resource: string | string[];
  Condition: Record<string, Record<string, string | string[]>>;
}

/** The statements of the synthesized SCP, by Sid. */
function statementsOf(breakGlassPrincipals: string[]): Record<string, Statement> {
  const { parent } = synthesize(testConfig({ prevention: { enabled: true, breakGlassPrincipals } }));
  const content = resourceOf(parent, 'AWS::Organizations::Policy').properties.Content as {
    Statement: Statement[];
  };
  return Object.fromEntries(content.Statement.map((s) => [s.Sid, s]));
}

describe('the prevention SCP', () => {
  const breakGlass = 'arn:aws:iam::777777777777:role/BreakGlass';
  let statements: Record<string, Statement>;
  beforeAll(() => {
    statements = statementsOf([breakGlass]);
  });

  it('denies the calls that stop or blind CloudTrail, Insights and leaving the organization included', () => {
    expect(statements.DenyTrailTampering?.Action).toEqual(
      expect.arrayContaining([
        'cloudtrail:StopLogging',
        'cloudtrail:PutEventSelectors',
        'cloudtrail:PutInsightSelectors',
        'organizations:LeaveOrganization',
      ]),
    );
    expect(statements.DenyTrailTampering?.Resource).toBe('*');
  });

  it("names the function's log group the way IAM matches DeleteLogGroup and PutRetentionPolicy: ending in :*", () => {
    const logGroups = [statements.DenyTrailGuardChanges?.Resource]
      .flat()
      .filter((r) => r?.includes(':log-group:'));
    // Each stack's group is /aws/lambda/trailguard-remediation/<stack id>; the pattern also covers
    // the groups retained from earlier stacks.
    expect(logGroups).toEqual(['arn:aws:logs:*:*:log-group:/aws/lambda/trailguard-remediation*:*']);
  });

  it("denies changing the function's invoke settings and permissions, invoking it, and anything on its dead-letter queue", () => {
    expect(statements.DenyTrailGuardChanges?.Action).toEqual(
      expect.arrayContaining([
        'lambda:PutFunctionEventInvokeConfig',
        'lambda:UpdateFunctionEventInvokeConfig',
        'lambda:DeleteFunctionEventInvokeConfig',
        'lambda:*Permission',
        'lambda:Invoke*',
        'sqs:*',
        'cloudwatch:SetAlarmState',
      ]),
    );
    expect(statements.DenyTrailGuardChanges?.Resource).toEqual(
      expect.arrayContaining([
        'arn:aws:lambda:*:*:function:trailguard-*',
        'arn:aws:sqs:*:*:trailguard-dead-letters',
        'arn:aws:cloudwatch:*:*:alarm:trailguard-*',
      ]),
    );
  });

  it('lets only the StackSets role create, change, tag, attach policies to or pass roles with exempt names', () => {
    expect(statements.DenyTakingExemptNames).toEqual({
      Sid: 'DenyTakingExemptNames',
      Effect: 'Deny',
      Action: [
        'iam:CreateRole',
        'iam:DeleteRole*',
        'iam:PutRole*',
        'iam:UpdateRole*',
        'iam:UpdateAssumeRolePolicy',
        'iam:AttachRolePolicy',
        'iam:DetachRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:PassRole',
      ],
      Resource: ['arn:aws:iam::*:role/stacksets-exec-*', 'arn:aws:iam::*:role/trailguard-*', breakGlass],
      Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/stacksets-exec-*' } },
    });
  });

  it('protects a break-glass user as well: creating it, renaming another to it, or signing in as it', () => {
    const user = 'arn:aws:iam::777777777777:user/emergency';
    const withUser = statementsOf([user, 'arn:aws:iam::777777777777:root']).DenyTakingExemptNames;
    expect(withUser?.Action).toEqual(
      expect.arrayContaining([
        'iam:CreateUser',
        'iam:UpdateUser',
        'iam:CreateLoginProfile',
        'iam:CreateAccessKey',
      ]),
    );
    // A root cannot be created or renamed; it is exempt but not a name to protect.
    expect(withUser?.Resource).toEqual([
      'arn:aws:iam::*:role/stacksets-exec-*',
      'arn:aws:iam::*:role/trailguard-*',
      user,
    ]);
    expect(statements.DenyTakingExemptNames?.Action).not.toContain('iam:CreateUser');
  });

  it('denies event source mappings onto TrailGuard functions, past which lambda:Invoke* would not reach', () => {
    expect(statements.DenyEventSourcesForTrailGuard?.Condition).toEqual({
      ArnLike: { 'lambda:FunctionArn': 'arn:aws:lambda:*:*:function:trailguard-*' },
      ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/stacksets-exec-*' },
    });
  });

  it('refuses a break-glass principal of any account even when built without the config schema', () => {
    const stack = new Stack(new App({ outdir: scratchDir('trailguard-scp-') }), 'S');
    expect(
      () =>
        new PreventionPolicy(stack, 'P', {
          targetIds: ['r-zz9y'],
          breakGlassPrincipals: ['arn:aws:iam::*:role/BreakGlass'],
        }),
    ).toThrow(/must each name an account[\s\S]*arn:aws:iam::\*:role\/BreakGlass/);
  });

  it('stays within the 5,120-character limit with no break-glass principal and with a realistic handful', () => {
    const principal = (i: number) => `arn:aws:iam::${String(100000000000 + i)}:role/BreakGlassAdmin`;
    expect(policyLength(preventionPolicyDocument([]))).toBeLessThan(MAX_SCP_LENGTH / 2);
    const ten = Array.from({ length: 10 }, (_, i) => principal(i));
    expect(policyLength(preventionPolicyDocument(ten))).toBeLessThanOrEqual(MAX_SCP_LENGTH);
  });
});
