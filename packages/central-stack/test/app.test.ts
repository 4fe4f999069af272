import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TAMPER_EVENT_PATTERN } from '@trailguard/core-handler/tamper-events';
import { HANDLER_BUNDLE_FILE } from '@trailguard/member-stack';
import { scratchDir } from '@trailguard/test/scratch';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { buildApp, describeDeployment, MAX_SCP_LENGTH, policyLength, TEMPLATE_URL_LIMIT } from '../src';
import { type CfnTemplate, type Synthesized, synthesize, TEST_CONFIG_INPUT, testConfig } from './synth';

const config = testConfig();

describe('the synthesized app, from a test configuration', () => {
  let app: Synthesized;
  beforeAll(() => {
    app = synthesize(config);
  });
  const parent = () => Template.fromJSON(app.parent);
  const member = () => Template.fromJSON(app.member);
  const central = () => Template.fromJSON(app.central);

  describe('member StackSet', () => {
    it('targets the configured OUs and regions, minus the excluded accounts', () => {
      parent().hasResourceProperties('AWS::CloudFormation::StackSet', {
        StackSetName: 'TrailGuard-Members',
        PermissionModel: 'SERVICE_MANAGED',
        StackInstancesGroup: [
          {
            DeploymentTargets: {
              OrganizationalUnitIds: TEST_CONFIG_INPUT.organizationalUnits,
              AccountFilterType: 'DIFFERENCE',
              Accounts: TEST_CONFIG_INPUT.excludedAccounts,
            },
            Regions: TEST_CONFIG_INPUT.regions,
          },
        ],
      });
    });

    it('enrols new accounts automatically and removes stacks of accounts that leave', () => {
      parent().hasResourceProperties('AWS::CloudFormation::StackSet', {
        StackSetName: 'TrailGuard-Members',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      });
    });

    it('calls as the configured caller, with the operation preferences and IAM capability', () => {
      parent().hasResourceProperties('AWS::CloudFormation::StackSet', {
        StackSetName: 'TrailGuard-Members',
        CallAs: 'DELEGATED_ADMIN',
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        OperationPreferences: Match.exact({
          RegionConcurrencyType: 'SEQUENTIAL',
          // The home region first, then the others as configured.
          RegionOrder: ['ap-southeast-2', 'us-west-2', 'eu-north-1', 'sa-east-1'],
          ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
          MaxConcurrentCount: 20,
          FailureToleranceCount: 3,
        }),
      });
    });

    it('is created after the central StackSet, whose topic the members publish to', () => {
      const [id] = Object.entries(app.parent.Resources).find(
        ([, r]) => r.Properties?.StackSetName === 'TrailGuard-Members',
      ) ?? [''];
      const [centralId] = Object.entries(app.parent.Resources).find(
        ([, r]) => r.Properties?.StackSetName === 'TrailGuard-Central',
      ) ?? [''];
      expect(app.parent.Resources[id]?.DependsOn).toContain(centralId);
    });
  });

  describe('central StackSet', () => {
    it('is narrowed to the security account in the home region: root ∩ that account', () => {
      parent().hasResourceProperties('AWS::CloudFormation::StackSet', {
        StackSetName: 'TrailGuard-Central',
        PermissionModel: 'SERVICE_MANAGED',
        CallAs: 'DELEGATED_ADMIN',
        AutoDeployment: { Enabled: false },
        StackInstancesGroup: [
          {
            DeploymentTargets: {
              OrganizationalUnitIds: ['r-zz9y'],
              Accounts: ['444444444444'],
              AccountFilterType: 'INTERSECTION',
            },
            Regions: ['ap-southeast-2'],
          },
        ],
      });
    });
  });

  describe('management account', () => {
    it('gets the member template in every configured region through a self-managed StackSet', () => {
      const memberStackSet = Object.values(app.parent.Resources).find(
        (r) => r.Properties?.StackSetName === 'TrailGuard-Members',
      );
      parent().hasResourceProperties('AWS::CloudFormation::StackSet', {
        StackSetName: 'TrailGuard-ManagementAccount',
        PermissionModel: 'SELF_MANAGED',
        ExecutionRoleName: 'TrailGuardStackSetExecution',
        AdministrationRoleARN: Match.anyValue(),
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        StackInstancesGroup: [
          { DeploymentTargets: { Accounts: ['333333333333'] }, Regions: TEST_CONFIG_INPUT.regions },
        ],
        TemplateURL: memberStackSet?.Properties?.TemplateURL,
      });
    });

    it('creates the execution role it needs, trusted by the administration role only', () => {
      const fromManagement = synthesize(testConfig({ stackSet: { callAs: 'SELF' } }));
      Template.fromJSON(fromManagement.parent).hasResourceProperties('AWS::IAM::Role', {
        RoleName: 'TrailGuardStackSetExecution',
        AssumeRolePolicyDocument: {
          Statement: [
            { Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('AdministrationRole'), 'Arn'] } } },
          ],
        },
      });
      const executionRole = Object.values(fromManagement.parent.Resources).find(
        (r) => r.Properties?.RoleName === 'TrailGuardStackSetExecution',
      );
      expect(executionRole?.Properties?.ManagedPolicyArns).toBeUndefined();
    });

    it('from a delegated administrator, deploys the parent to the deploying account and expects the execution role to exist', () => {
      const outdir = scratchDir('trailguard-delegated-');
      const assembly = buildApp(config, { outdir, validateTemplates: false }).synth();
      expect(assembly.getStackByName('TrailGuard').environment).toMatchObject({
        account: 'unknown-account',
        region: 'ap-southeast-2',
      });
      const roles = Object.values(app.parent.Resources).filter((r) => r.Type === 'AWS::IAM::Role');
      expect(roles.map((r) => r.Properties?.RoleName)).toEqual(['TrailGuardStackSetAdministration']);
      expect(describeDeployment(config)[3]?.contents).toMatch(/TrailGuardStackSetExecution created once/);
    });

    it('deploys the parent stack to the management account home region only', () => {
      expect(describeDeployment(testConfig({ stackSet: { callAs: 'SELF' } }))[0]).toMatchObject({
        name: 'TrailGuard',
        regions: ['ap-southeast-2'],
        targets: expect.stringContaining('333333333333'),
      });
    });
  });

  describe('central template', () => {
    it('encrypts the fixed-name topic with a rotating key and enforces TLS', () => {
      central().hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      central().hasResourceProperties('AWS::SNS::Topic', {
        TopicName: 'trailguard-notifications',
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
      });
      central().hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it("lets only TrailGuard's remediation roles of this organization publish", () => {
      central().hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sns:Publish',
              Principal: { AWS: '*' },
              Condition: Match.exact({
                StringEquals: { 'aws:PrincipalOrgID': 'o-zz9y8x7w6v' },
                ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/trailguard-remediation-*' },
              }),
            }),
          ]),
        },
      });
    });

    it('lets those roles use the key only through SNS in the home region, for this topic', () => {
      central().hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
              Principal: { AWS: '*' },
              Condition: Match.exact({
                StringEquals: {
                  'aws:PrincipalOrgID': 'o-zz9y8x7w6v',
                  'kms:ViaService': 'sns.ap-southeast-2.amazonaws.com',
                  'kms:EncryptionContext:aws:sns:topicArn':
                    'arn:aws:sns:ap-southeast-2:444444444444:trailguard-notifications',
                },
                ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/trailguard-remediation-*' },
              }),
            }),
            Match.objectLike({
              Principal: { Service: 'events.amazonaws.com' },
              Condition: { StringEquals: { 'aws:SourceAccount': '444444444444' } },
            }),
          ]),
        },
      });
    });

    it('subscribes every configured address, with a severity filter for those that set a minimum', () => {
      for (const address of ['soc@example.org', 'cloud-team@example.org']) {
        central().hasResourceProperties('AWS::SNS::Subscription', {
          Protocol: 'email',
          Endpoint: address,
          FilterPolicy: Match.absent(),
        });
      }
      // Notices without a severity (the alarm notices) still reach this recipient.
      central().hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'oncall@example.org',
        FilterPolicy: { severity: [{ exists: false }, 'critical', 'high'] },
      });
      central().resourceCountIs('AWS::SNS::Subscription', 3);
    });

    it('filters by each minimum severity, and not at all for a minimum of info', () => {
      const synthesized = synthesize(
        testConfig({
          notificationEmails: [
            { address: 'all@example.org', minimumSeverity: 'info' },
            { address: 'medium@example.org', minimumSeverity: 'medium' },
            { address: 'critical@example.org', minimumSeverity: 'critical' },
          ],
          chat: undefined,
        }),
      );
      const filters = Object.fromEntries(
        Object.values(synthesized.central.Resources)
          .filter((r) => r.Type === 'AWS::SNS::Subscription')
          .map((r) => [r.Properties?.Endpoint, r.Properties?.FilterPolicy ?? null]),
      );
      expect(filters).toEqual({
        'all@example.org': null,
        'medium@example.org': { severity: [{ exists: false }, 'critical', 'high', 'medium'] },
        'critical@example.org': { severity: [{ exists: false }, 'critical'] },
      });
    });

    it("has the fixed-name bus open to TrailGuard's forwarding roles of the organization, with an archive of the configured retention", () => {
      central().hasResourceProperties('AWS::Events::EventBus', { Name: 'trailguard-events' });
      central().hasResourceProperties('AWS::Events::EventBusPolicy', {
        Statement: {
          Action: 'events:PutEvents',
          Principal: '*',
          Condition: Match.exact({
            StringEquals: { 'aws:PrincipalOrgID': 'o-zz9y8x7w6v' },
            ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/trailguard-forward-*' },
            'ForAllValues:StringLike': { 'events:source': ['aws.*'] },
          }),
        },
      });
      central().hasResourceProperties('AWS::Events::Archive', { RetentionDays: 30 });
    });

    it('archives everything on the bus, incidents included: the archive keeps no event pattern', () => {
      const archives = Object.values(central().findResources('AWS::Events::Archive'));
      expect(archives).toHaveLength(1);
      expect(archives[0]?.Properties).toMatchObject({ SourceArn: expect.anything(), RetentionDays: 30 });
      // An event pattern would keep only what it matches: the raw tamper events, say, not incidents.
      expect(archives[0]?.Properties).not.toHaveProperty('EventPattern');
    });

    it('lets the remediation roles of the organization put incidents, and nothing else, on the bus', () => {
      central().hasResourceProperties('AWS::Events::EventBusPolicy', {
        StatementId: 'TrailGuardFunctionsPutIncidents',
        Statement: {
          Action: 'events:PutEvents',
          Principal: '*',
          Condition: Match.exact({
            StringEquals: { 'aws:PrincipalOrgID': 'o-zz9y8x7w6v' },
            ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/trailguard-remediation-*' },
            'ForAllValues:StringEquals': {
              'events:source': ['trailguard'],
              'events:detail-type': ['TrailGuard Incident'],
            },
          }),
        },
      });
      central().resourceCountIs('AWS::Events::EventBusPolicy', 2);
    });
  });

  describe('member template', () => {
    it('matches the handler tamper event pattern, within the 4096-character limit', () => {
      member().hasResourceProperties('AWS::Events::Rule', { EventPattern: TAMPER_EVENT_PATTERN });
      const rule = Object.values(app.member.Resources).find((r) => r.Properties?.EventPattern);
      expect(JSON.stringify(rule?.Properties?.EventPattern).length).toBeLessThanOrEqual(4096);
    });

    it('runs the handler bundle inline on nodejs24.x with the handler contract environment', () => {
      member().hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        Code: { ZipFile: readFileSync(HANDLER_BUNDLE_FILE, 'utf8') },
        Environment: {
          Variables: {
            NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:ap-southeast-2:444444444444:trailguard-notifications',
            REMEDIATION_MODE: 'notify-only',
            EXEMPT_PRINCIPALS: 'arn:aws:iam::*:role/CloudTrailAdmin,arn:aws:sts::*:assumed-role/Platform/*',
            SELF_ROLE_ARN: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':iam::',
                  { Ref: 'AWS::AccountId' },
                  // Every region's remediation role: the function of another region acting
                  // on a trail homed here is an echo too.
                  ':role/trailguard-remediation-*',
                ],
              ],
            },
            // The same interval as the sweep schedule below: the handler dates new problems by it.
            SWEEP_INTERVAL_MINUTES: '15',
            POWERTOOLS_SERVICE_NAME: 'trailguard',
            POWERTOOLS_METRICS_NAMESPACE: 'TrailGuard',
          },
        },
      });
    });

    it('tells the handler the central bus, and Security Hub as configured, with the grant only when on', () => {
      member().hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: {
            CENTRAL_BUS_ARN: 'arn:aws:events:ap-southeast-2:444444444444:event-bus/trailguard-events',
            SECURITY_HUB_FINDINGS: 'enabled',
          },
        },
      });
      const policiesOf = (template: CfnTemplate) =>
        JSON.stringify(Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::Role'));
      expect(policiesOf(app.member)).toContain('securityhub:BatchImportFindings');
      const off = synthesize(testConfig({ securityHub: { enabled: false } }));
      Template.fromJSON(off.member).hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: { SECURITY_HUB_FINDINGS: 'disabled' } },
      });
      expect(policiesOf(off.member)).not.toContain('securityhub:');
      expect(policiesOf(off.member)).toContain('events:PutEvents');
    });

    it('sweeps on the configured interval and keeps logs for the configured days', () => {
      member().hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
      member().hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: {
          'Fn::Join': [
            '',
            ['/aws/lambda/trailguard-remediation/', Match.objectLike({ 'Fn::Select': Match.anyValue() })],
          ],
        },
        RetentionInDays: 90,
      });
      // An account that leaves the OUs keeps the record of what TrailGuard did there.
      member().hasResource('AWS::Logs::LogGroup', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    it('sends tamper events to the function (retries, dead-letter queue) and to the central bus through a role', () => {
      member().hasResourceProperties('AWS::Events::Rule', {
        EventPattern: TAMPER_EVENT_PATTERN,
        Targets: Match.arrayWith([
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('RemediationFunction'), 'Arn'] },
            RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
            DeadLetterConfig: Match.anyValue(),
          }),
          Match.objectLike({
            Arn: 'arn:aws:events:ap-southeast-2:444444444444:event-bus/trailguard-events',
            RoleArn: Match.anyValue(),
          }),
        ]),
      });
    });

    it('reserves concurrency only when the configuration asks for it', () => {
      member().hasResourceProperties('AWS::Lambda::Function', {
        ReservedConcurrentExecutions: Match.absent(),
      });
      const reserved = synthesize(testConfig({ reservedConcurrency: 5 }));
      Template.fromJSON(reserved.member).hasResourceProperties('AWS::Lambda::Function', {
        ReservedConcurrentExecutions: 5,
      });
    });

    it('tags member and central resources and the StackSets with the configured tags', () => {
      const tag = Match.arrayWith([{ Key: 'project', Value: 'trailguard-test' }]);
      member().hasResourceProperties('AWS::Lambda::Function', { Tags: tag });
      central().hasResourceProperties('AWS::SNS::Topic', { Tags: tag });
      parent().hasResourceProperties('AWS::CloudFormation::StackSet', {
        StackSetName: 'TrailGuard-Members',
        Tags: tag,
      });
    });

    it('fits a TemplateURL, which carries it to every account', () => {
      const size = JSON.stringify(app.member, undefined, 2).length;
      expect(size).toBeLessThan(TEMPLATE_URL_LIMIT);
    });
  });

  it('names a resource in every IAM statement, except actions IAM cannot scope', () => {
    const fromManagement = synthesize(testConfig({ stackSet: { callAs: 'SELF' } }));
    const templates: Record<string, CfnTemplate> = {
      parent: app.parent,
      central: app.central,
      member: app.member,
      'parent (from the management account)': fromManagement.parent,
    };
    // IAM has no resource-level permissions for these (Service Authorization Reference), and
    // AWS documents the last three on "*" as the minimum of a StackSet execution role.
    const unscopable = new Set([
      'cloudtrail:DescribeTrails',
      'cloudtrail:ListTrails',
      'cloudtrail:LookupEvents',
      'cloudformation:*',
      's3:*',
      'sns:*',
      // A state machine's log delivery and tracing (the alarm notices' publisher).
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
    ]);
    let statements = 0;
    for (const [name, template] of Object.entries(templates)) {
      for (const [id, resource] of Object.entries(template.Resources)) {
        const documents: unknown[] = [];
        if (resource.Type === 'AWS::IAM::Policy') documents.push(resource.Properties?.PolicyDocument);
        if (resource.Type === 'AWS::IAM::Role') {
          for (const policy of (resource.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ??
            []) {
            documents.push(policy.PolicyDocument);
          }
        }
        for (const document of documents) {
          for (const statement of (document as { Statement: Record<string, unknown>[] }).Statement) {
            statements++;
            const resources = [statement.Resource].flat();
            if (resources.includes('*')) {
              const actions = [statement.Action].flat() as string[];
              expect({ where: `${name}/${id}`, actions: actions.filter((a) => !unscopable.has(a)) }).toEqual({
                where: `${name}/${id}`,
                actions: [],
              });
            }
          }
        }
      }
    }
    // 8 in the member template, 1 + 5 in the two parents: the walk really reads every policy.
    expect(statements).toBeGreaterThanOrEqual(14);
  });

  describe('prevention policy', () => {
    it('attaches an SCP to the configured OUs that spares the StackSet role, the remediation roles and break-glass principals', () => {
      const exempt = Match.exact({
        ArnNotLike: {
          'aws:PrincipalArn': [
            'arn:aws:iam::*:role/stacksets-exec-*',
            'arn:aws:iam::*:role/trailguard-remediation-*',
            'arn:aws:iam::777777777777:role/BreakGlass',
          ],
        },
      });
      parent().hasResourceProperties('AWS::Organizations::Policy', {
        Type: 'SERVICE_CONTROL_POLICY',
        TargetIds: TEST_CONFIG_INPUT.organizationalUnits,
        Content: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'DenyTrailTampering',
              Action: Match.arrayWith(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail']),
              Condition: exempt,
            }),
            Match.objectLike({
              Sid: 'DenyTrailGuardChanges',
              Resource: Match.arrayWith(['arn:aws:lambda:*:*:function:trailguard-*']),
              Condition: exempt,
            }),
          ]),
        },
      });
    });

    it('is absent unless enabled', () => {
      const withoutPrevention = synthesize(testConfig({ prevention: { enabled: false } }));
      Template.fromJSON(withoutPrevention.parent).resourceCountIs('AWS::Organizations::Policy', 0);
    });

    it('fits the SCP size limit with many break-glass principals', () => {
      const principals = Array.from(
        { length: 20 },
        (_, i) => `arn:aws:iam::1234567890${String(i).padStart(2, '0')}:role/BreakGlass`,
      );
      const synthesized = synthesize(
        testConfig({ prevention: { enabled: true, breakGlassPrincipals: principals } }),
      );
      const policy = Object.values(synthesized.parent.Resources).find(
        (r) => r.Type === 'AWS::Organizations::Policy',
      );
      expect(policyLength(policy?.Properties?.Content)).toBeLessThanOrEqual(MAX_SCP_LENGTH);
    });

    it('fails synth with a clear message when the principals overflow the SCP limit', () => {
      const principals = Array.from(
        { length: 80 },
        (_, i) => `arn:aws:iam::1234567890${String(i).padStart(2, '0')}:role/BreakGlassOperator`,
      );
      const outdir = scratchDir('trailguard-scp-');
      expect(() =>
        buildApp(testConfig({ prevention: { enabled: true, breakGlassPrincipals: principals } }), {
          outdir,
          validateTemplates: false,
        }),
      ).toThrow(
        /breakGlassPrincipals makes the service control policy \d+ characters long; AWS Organizations accepts at most 5120/,
      );
    });
  });

  it('uses SELF and no account filter for a management-account deployment without exclusions', () => {
    const fromManagement = synthesize(
      testConfig({ stackSet: { callAs: 'SELF' }, excludedAccounts: [], prevention: { enabled: false } }),
    );
    Template.fromJSON(fromManagement.parent).hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'TrailGuard-Members',
      CallAs: 'SELF',
      StackInstancesGroup: [{ DeploymentTargets: { AccountFilterType: 'NONE', Accounts: Match.absent() } }],
    });
  });

  it('leaves cdk-nag with nothing to report, warnings included, for every template', () => {
    const report = JSON.parse(readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  });

  it('runs cdk-nag over the StackSet templates: an unacknowledged finding there fails synth', () => {
    const outdir = scratchDir('trailguard-nag-');
    const built = buildApp(config, { outdir, validateTemplates: false });
    const memberTemplate = built.node.findChild('TrailGuard').node.findChild('Member') as Stack;
    new sqs.Queue(memberTemplate, 'PlainQueue');
    expect(() => built.synth()).toThrow(/TrailGuard\/Member\/PlainQueue[\s\S]*AwsSolutions-SQS4/);
  });
});
