import { Match, Template } from 'aws-cdk-lib/assertions';
import { resourceOf } from './policy-simulation';
import { type CfnTemplate, synthesize, testConfig } from './synth';

const fromManagement = (overrides: Parameters<typeof testConfig>[0] = {}) =>
  synthesize(testConfig({ stackSet: { callAs: 'SELF' }, ...overrides }));

const stackSet = (parent: CfnTemplate, name: string) =>
  resourceOf(parent, 'AWS::CloudFormation::StackSet', (p) => p.StackSetName === name);

describe('the management-account StackSet roles', () => {
  it('give the execution role the minimum AWS documents for StackSets: CloudFormation, S3 and SNS', () => {
    Template.fromJSON(fromManagement().parent).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'TrailGuardStackSetExecution',
      Policies: [
        {
          PolicyDocument: {
            Statement: Match.arrayWith([
              {
                Sid: 'StackSetsMinimum',
                Effect: 'Allow',
                Action: ['cloudformation:*', 's3:*', 'sns:*'],
                Resource: '*',
              },
              Match.objectLike({
                Sid: 'TrailGuardResources',
                Action: Match.arrayWith(['cloudwatch:*', 'dynamodb:*']),
                Resource: Match.arrayWith([
                  // The member template's state table (trailguard-state).
                  'arn:aws:dynamodb:*:333333333333:table/trailguard-*',
                  'arn:aws:cloudwatch:*:333333333333:alarm:trailguard-*',
                ]),
              }),
            ]),
          },
        },
      ],
    });
  });

  it('exist before the StackSet that uses them, and the administration role carries its own policy', () => {
    const { parent } = fromManagement();
    const admin = resourceOf(
      parent,
      'AWS::IAM::Role',
      (p) => p.RoleName === 'TrailGuardStackSetAdministration',
    );
    const execution = resourceOf(
      parent,
      'AWS::IAM::Role',
      (p) => p.RoleName === 'TrailGuardStackSetExecution',
    );
    const management = stackSet(parent, 'TrailGuard-ManagementAccount');
    expect(parent.Resources[management.id]?.DependsOn).toEqual(
      expect.arrayContaining([admin.id, execution.id]),
    );
    // Inline: the permission exists as soon as the role does, and names this account's role only.
    expect(admin.properties.Policies).toEqual([
      {
        PolicyName: 'assumeExecutionRole',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Resource: 'arn:aws:iam::333333333333:role/TrailGuardStackSetExecution',
            },
          ],
        },
      },
    ]);
    // cdk-stacksets adds nothing: no default policy granting the execution role of any account.
    expect(Object.values(parent.Resources).filter((r) => r.Type === 'AWS::IAM::Policy')).toEqual([]);
  });

  it('trust the regional CloudFormation principals of the configured opt-in regions, from this account only', () => {
    const { parent } = fromManagement({
      regions: ['ap-southeast-2', 'me-central-1', 'af-south-1', 'us-west-2'],
    });
    const admin = resourceOf(
      parent,
      'AWS::IAM::Role',
      (p) => p.RoleName === 'TrailGuardStackSetAdministration',
    );
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': '333333333333' } };
    expect(admin.properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'cloudformation.amazonaws.com' },
          Condition: fromThisAccount,
        },
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: {
            Service: ['cloudformation.me-central-1.amazonaws.com', 'cloudformation.af-south-1.amazonaws.com'],
          },
          Condition: fromThisAccount,
        },
      ],
    });
  });

  it('trust the global CloudFormation principal alone when no configured region is opt-in', () => {
    const admin = resourceOf(
      fromManagement().parent,
      'AWS::IAM::Role',
      (p) => p.RoleName === 'TrailGuardStackSetAdministration',
    );
    const statements = (admin.properties.AssumeRolePolicyDocument as { Statement: unknown[] }).Statement;
    expect(statements).toEqual([
      expect.objectContaining({ Principal: { Service: 'cloudformation.amazonaws.com' } }),
    ]);
  });
});

describe('StackSet failure tolerance', () => {
  it('is soft with explicit counts by default, for the member and management StackSets', () => {
    const { parent } = synthesize(
      testConfig({ stackSet: { callAs: 'SELF', regionConcurrencyType: 'PARALLEL' } }),
    );
    for (const name of ['TrailGuard-Members', 'TrailGuard-ManagementAccount']) {
      expect(stackSet(parent, name).properties.OperationPreferences).toEqual({
        RegionConcurrencyType: 'PARALLEL',
        ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        FailureToleranceCount: 10,
        MaxConcurrentPercentage: 100,
      });
    }
  });

  it('leaves the central StackSet strict: its one instance is what every member needs', () => {
    expect(
      stackSet(fromManagement().parent, 'TrailGuard-Central').properties.OperationPreferences,
    ).toBeUndefined();
  });

  it('follows the configured mode and the old percentage keys', () => {
    const { parent } = synthesize(
      testConfig({
        stackSet: {
          callAs: 'SELF',
          regionConcurrencyType: 'SEQUENTIAL',
          concurrencyMode: 'STRICT_FAILURE_TOLERANCE',
          maxConcurrentPercentage: 25,
          failureTolerancePercentage: 5,
        },
      }),
    );
    expect(stackSet(parent, 'TrailGuard-Members').properties.OperationPreferences).toEqual({
      RegionConcurrencyType: 'SEQUENTIAL',
      ConcurrencyMode: 'STRICT_FAILURE_TOLERANCE',
      MaxConcurrentPercentage: 25,
      FailureTolerancePercentage: 5,
    });
  });
});
