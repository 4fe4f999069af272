import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { scratchDir } from '@trailguard/test/scratch';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp, TEMPLATE_FILES } from '../src';
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
  it('stops a broken rollout early by default: a region at a time, home first, 20 accounts at once, 3 failures tolerated', () => {
    const { parent } = synthesize(testConfig({ homeRegion: 'us-west-2', stackSet: { callAs: 'SELF' } }));
    for (const name of ['TrailGuard-Members', 'TrailGuard-ManagementAccount']) {
      expect(stackSet(parent, name).properties.OperationPreferences).toEqual({
        RegionConcurrencyType: 'SEQUENTIAL',
        RegionOrder: ['us-west-2', 'ap-southeast-2', 'eu-north-1', 'sa-east-1'],
        ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        FailureToleranceCount: 3,
        MaxConcurrentCount: 20,
      });
    }
  });

  it('sets no region order when the regions go in parallel', () => {
    const { parent } = synthesize(
      testConfig({ stackSet: { callAs: 'SELF', regionConcurrencyType: 'PARALLEL' } }),
    );
    expect(stackSet(parent, 'TrailGuard-Members').properties.OperationPreferences).toEqual({
      RegionConcurrencyType: 'PARALLEL',
      ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
      FailureToleranceCount: 3,
      MaxConcurrentCount: 20,
    });
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
      RegionOrder: ['ap-southeast-2', 'us-west-2', 'eu-north-1', 'sa-east-1'],
      ConcurrencyMode: 'STRICT_FAILURE_TOLERANCE',
      MaxConcurrentPercentage: 25,
      FailureTolerancePercentage: 5,
    });
  });
});

describe('the first stage of a staged rollout', () => {
  it('narrows only the member StackSet to the canary OU; the SCP and the other StackSets keep their targets', () => {
    const outdir = scratchDir('trailguard-canary-');
    const config = testConfig();
    buildApp(config, {
      outdir,
      validateTemplates: false,
      memberOrganizationalUnits: ['ou-zz9y-bbbbbbbb'],
    }).synth();
    const parent = JSON.parse(readFileSync(path.join(outdir, TEMPLATE_FILES.parent), 'utf8')) as CfnTemplate;
    const targets = (name: string) =>
      (stackSet(parent, name).properties.StackInstancesGroup as Array<{ DeploymentTargets: unknown }>)[0]
        ?.DeploymentTargets;
    expect(targets('TrailGuard-Members')).toEqual({
      OrganizationalUnitIds: ['ou-zz9y-bbbbbbbb'],
      AccountFilterType: 'DIFFERENCE',
      Accounts: config.excludedAccounts,
    });
    expect(targets('TrailGuard-ManagementAccount')).toEqual({ Accounts: [config.managementAccountId] });
    expect(resourceOf(parent, 'AWS::Organizations::Policy').properties.TargetIds).toEqual(
      config.organizationalUnits,
    );
  });
});
