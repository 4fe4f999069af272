import { HANDLER_PERMISSIONS } from '@trailguard/core-handler/permissions';
import {
  TAMPER_EVENT_PATTERN,
  tamperEventPatterns,
  WATCHED_CALLS,
} from '@trailguard/core-handler/tamper-events';
import { scratchDir } from '@trailguard/test/scratch';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MAX_EVENT_PATTERN_LENGTH, MemberResources, type MemberResourcesProps, TamperRules } from '../src';

const central = { account: '444444444444', region: 'ca-central-1' };

function memberTemplate(props: Partial<MemberResourcesProps> = {}): Template {
  const app = new App({ outdir: scratchDir('trailguard-member-'), builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Member', { env: { account: '777777777777', region: 'eu-west-3' } });
  new MemberResources(stack, 'Member', {
    central,
    handlerCode: 'exports.handler = async () => {};',
    ...props,
  });
  return Template.fromStack(stack);
}

describe('member resources in a plain stack', () => {
  const remediationStatements = (template: Template) => {
    const [role] = Object.values(
      template.findResources('AWS::IAM::Role', {
        Properties: { RoleName: { 'Fn::Join': ['', ['trailguard-remediation-', { Ref: 'AWS::Region' }]] } },
      }),
    );
    return role?.Properties.Policies[0].PolicyDocument.Statement as {
      Sid: string;
      Action: unknown;
      Resource: unknown;
    }[];
  };

  it('puts incident events on the central bus only, and imports findings only when Security Hub is on', () => {
    const off = remediationStatements(memberTemplate());
    expect(off.find((s) => s.Sid === 'PutIncidentsOnTheCentralBus')).toMatchObject({
      Action: 'events:PutEvents',
      Resource: 'arn:aws:events:ca-central-1:444444444444:event-bus/trailguard-events',
    });
    expect(JSON.stringify(off)).not.toContain('securityhub');
    const on = remediationStatements(memberTemplate({ securityHubFindings: true }));
    expect(on.find((s) => s.Sid === 'ImportFindingsOfThisAccountAndRegion')).toMatchObject({
      Action: 'securityhub:BatchImportFindings',
      Resource: {
        'Fn::Sub':
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
          'arn:${AWS::Partition}:securityhub:${AWS::Region}:${AWS::AccountId}:product/${AWS::AccountId}/default',
      },
    });
    // Reading back the open findings a verified repair settles: on this account's hub here, nothing else.
    expect(on.find((s) => s.Sid === 'ReadOpenFindingsOfThisAccountAndRegion')).toMatchObject({
      Action: 'securityhub:GetFindings',
      Resource: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
        'Fn::Sub': 'arn:${AWS::Partition}:securityhub:${AWS::Region}:${AWS::AccountId}:hub/default',
      },
    });
    expect(on.filter((s) => JSON.stringify(s.Action).includes('securityhub:')).map((s) => s.Action)).toEqual([
      'securityhub:BatchImportFindings',
      'securityhub:GetFindings',
    ]);
  });

  it('keeps the tamper pattern within the EventBridge limit', () => {
    expect(JSON.stringify(TAMPER_EVENT_PATTERN).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
    memberTemplate().hasResourceProperties('AWS::Events::Rule', { EventPattern: TAMPER_EVENT_PATTERN });
  });

  it('matches the service event AWS writes when an account leaves: the management account reports it from there', () => {
    // "AWS Service Event via CloudTrail", eventType AwsServiceEvent: Organizations records it in the
    // management account's us-east-1 history only, where this template runs too (self-managed StackSet).
    memberTemplate().hasResourceProperties('AWS::Events::Rule', {
      Name: 'trailguard-tamper-events',
      // API calls first, then the service event (arrayWith keeps order).
      EventPattern: {
        $or: Match.arrayWith([
          Match.objectLike({
            'detail-type': ['AWS API Call via CloudTrail'],
            detail: Match.objectLike({ eventName: Match.arrayWith(['StopLogging', 'LeaveOrganization']) }),
          }),
          {
            source: ['aws.organizations'],
            'detail-type': ['AWS Service Event via CloudTrail'],
            detail: {
              eventSource: ['organizations.amazonaws.com'],
              eventName: Match.arrayWith(['AccountDepartedOrganization']),
            },
          },
        ]),
      },
    });
  });

  it('makes one rule of every tamper pattern, each to the function and the central bus; one today', () => {
    const template = memberTemplate();
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) =>
      String(rule.Properties.Name).startsWith('trailguard-tamper-events'),
    );
    expect(rules.map((rule) => rule.Properties.EventPattern)).toEqual(tamperEventPatterns());
    expect(rules.map((rule) => rule.Properties.Name)).toEqual(['trailguard-tamper-events']);
    for (const rule of rules) expect(rule.Properties.Targets).toHaveLength(2);
  });

  it('makes more rules, named after the first, when the watched calls need more than one pattern', () => {
    const app = new App({ outdir: scratchDir('trailguard-member-'), builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Rules', { env: { account: '777777777777', region: 'eu-west-3' } });
    const member = new MemberResources(stack, 'Member', { central, handlerCode: 'exports.handler = 0;' });
    const patterns = tamperEventPatterns(WATCHED_CALLS, 400);
    const rules = new TamperRules(stack, 'Split', {
      function: member.remediation.function,
      deadLetterQueue: member.remediation.deadLetterQueue,
      central,
      eventPatterns: patterns,
    });
    expect(patterns.length).toBeGreaterThan(2);
    expect(rules.tamperRules).toHaveLength(patterns.length);
    expect(rules.tamperRule).toBe(rules.tamperRules[0]);
    const template = Template.fromStack(stack);
    for (const [i, pattern] of patterns.entries()) {
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: i === 0 ? 'trailguard-tamper-events' : `trailguard-tamper-events-${i + 1}`,
        EventPattern: pattern,
        Targets: [Match.objectLike({ Id: 'Target0' }), Match.objectLike({ Id: 'Target1' })],
      });
    }
  });

  it('reserves no concurrency unless asked, since new accounts cannot spare any', () => {
    memberTemplate().hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: Match.absent(),
    });
    memberTemplate({ reservedConcurrency: 3 }).hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 3,
    });
  });

  it('gives the roles no managed policy and the deployment region in their names', () => {
    const regional = (name: string) => ({ 'Fn::Join': ['', [name, { Ref: 'AWS::Region' }]] });
    memberTemplate().hasResourceProperties('AWS::IAM::Role', {
      RoleName: regional('trailguard-remediation-'),
      ManagedPolicyArns: Match.absent(),
    });
    memberTemplate().hasResourceProperties('AWS::IAM::Role', {
      RoleName: regional('trailguard-forward-'),
      ManagedPolicyArns: Match.absent(),
    });
  });

  it('names every region’s remediation role as the function’s own (SELF_ROLE_ARN), so a call made from another region is an echo too', () => {
    memberTemplate().hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SELF_ROLE_ARN: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':iam::',
                { Ref: 'AWS::AccountId' },
                ':role/trailguard-remediation-*',
              ],
            ],
          },
        }),
      },
    });
  });

  it('grants trail actions on this account, trail keys of this account and region, publishing on the central topic and its key through SNS only', () => {
    memberTemplate().hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Action: [...HANDLER_PERMISSIONS.trail],
                // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
                Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*' },
              }),
              Match.objectLike({
                Action: [...HANDLER_PERMISSIONS.trailKey],
                Resource: {
                  // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
                  'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*',
                },
                Condition: {
                  ArnEquals: { 'lambda:SourceFunctionArn': Match.anyValue() },
                  StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' },
                },
              }),
              Match.objectLike({
                Action: 'sns:Publish',
                Resource: 'arn:aws:sns:ca-central-1:444444444444:trailguard-notifications',
              }),
              Match.objectLike({
                Action: [...HANDLER_PERMISSIONS.topicKey],
                Resource: 'arn:aws:kms:ca-central-1:444444444444:key/*',
                Condition: {
                  StringEquals: {
                    'kms:ViaService': 'sns.ca-central-1.amazonaws.com',
                    'aws:ResourceAccount': '444444444444',
                  },
                },
              }),
              Match.objectLike({
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                // The group's ARN attribute ends in `:*`: the group and its streams, nothing else.
                Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('LogGroup'), 'Arn'] },
              }),
            ]),
          },
        },
      ],
    });
  });

  it('keeps the handler’s state in its own on-demand table with a TTL, named in STATE_TABLE_NAME, reachable only by the function', () => {
    const template = memberTemplate();
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'trailguard-state',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STATE_TABLE_NAME: 'trailguard-state' }) },
    });
    const table = Object.keys(template.findResources('AWS::DynamoDB::Table'))[0] as string;
    template.hasResource('AWS::Lambda::Function', { DependsOn: Match.arrayWith([table]) });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        Match.objectLike({
          PolicyDocument: Match.objectLike({
            Statement: Match.arrayWith([
              {
                Sid: 'OwnStateTable',
                Effect: 'Allow',
                Action: [...HANDLER_PERMISSIONS.stateTable],
                Resource: { 'Fn::GetAtt': [table, 'Arn'] },
                Condition: {
                  ArnEquals: {
                    'lambda:SourceFunctionArn': {
                      'Fn::Sub': Match.stringLikeRegexp(':function:trailguard-remediation$'),
                    },
                  },
                },
              },
            ]),
          }),
        }),
      ],
    });
  });

  it('encrypts the dead-letter queue and requires TLS on it', () => {
    const template = memberTemplate();
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it("keeps every permission the function's code uses to TrailGuard's function of this account and region", () => {
    const template = memberTemplate();
    const ownFunction = {
      ArnEquals: {
        'lambda:SourceFunctionArn': {
          'Fn::Sub':
            // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
            'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:trailguard-remediation',
        },
      },
    };
    const [role] = Object.values(
      template.findResources('AWS::IAM::Role', {
        Properties: { RoleName: { 'Fn::Join': ['', ['trailguard-remediation-', { Ref: 'AWS::Region' }]] } },
      }),
    );
    const statements = role?.Properties.Policies[0].PolicyDocument.Statement as {
      Sid: string;
      Condition?: unknown;
    }[];
    const conditionOf = Object.fromEntries(statements.map((s) => [s.Sid, s.Condition]));
    expect(conditionOf).toEqual({
      TrailsOfThisAccount: ownFunction,
      EventDataStoresOfThisAccount: ownFunction,
      TrailKeysOfThisAccountAndRegion: {
        ...ownFunction,
        StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' },
      },
      ActionsWithoutResourceLevelPermissions: ownFunction,
      OwnStateTable: ownFunction,
      PublishToTheCentralTopic: ownFunction,
      // SNS asks KMS on the caller's behalf, where the key is not documented; kms:ViaService instead.
      EncryptThroughSnsWithTheCentralKey: {
        StringEquals: expect.objectContaining({ 'kms:ViaService': expect.any(String) }),
      },
      WriteOwnLogs: ownFunction,
      // Incident events only: the bus policy lets these roles put nothing else either.
      PutIncidentsOnTheCentralBus: {
        ...ownFunction,
        'ForAllValues:StringEquals': {
          'events:source': ['trailguard'],
          'events:detail-type': ['TrailGuard Incident'],
        },
      },
    });
    // Lambda itself sends failed events to the dead-letter queue, without the source function key.
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('RemediationRole') }],
      PolicyDocument: {
        Statement: [
          Match.objectEquals({ Action: 'sqs:SendMessage', Effect: 'Allow', Resource: Match.anyValue() }),
        ],
      },
    });
  });

  it('alarms on function errors (a failed publish fails the invocation) and on dead letters', () => {
    const template = memberTemplate();
    const alarm = {
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      Period: 300,
    };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...alarm,
      AlarmName: 'trailguard-function-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('RemediationFunction') } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...alarm,
      AlarmName: 'trailguard-dead-letter-messages',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'QueueName'] },
        },
      ],
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
  });

  it('watches only metrics AWS writes: an account admin cannot raise or cancel an alarm with PutMetricData or embedded-format logs', () => {
    const alarms = Object.values(memberTemplate().findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map((a) => a.Properties.Namespace)).toEqual(['AWS/Lambda', 'AWS/SQS']);
  });

  it('forwards entering and leaving ALARM, not the first OK of a new alarm, to the central bus through the forwarding role', () => {
    const template = memberTemplate();
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'trailguard-alarm-state-changes',
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: {
          alarmName: ['trailguard-function-errors', 'trailguard-dead-letter-messages'],
          $or: [{ state: { value: ['ALARM'] } }, { previousState: { value: ['ALARM'] } }],
        },
      },
      Targets: [
        Match.objectLike({
          Arn: 'arn:aws:events:ca-central-1:444444444444:event-bus/trailguard-events',
          RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ForwardRole'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
        }),
      ],
    });
  });
});
