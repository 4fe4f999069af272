import { HANDLER_PERMISSIONS } from '@trailguard/core-handler/permissions';
import { TAMPER_EVENT_PATTERN } from '@trailguard/core-handler/tamper-events';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MAX_EVENT_PATTERN_LENGTH, MemberResources, type MemberResourcesProps } from '../src';

const OWN_LOG_GROUP =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders
  'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/trailguard-remediation:*';

const central = { account: '444444444444', region: 'ca-central-1' };

function memberTemplate(props: Partial<MemberResourcesProps> = {}): Template {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Member', { env: { account: '777777777777', region: 'eu-west-3' } });
  new MemberResources(stack, 'Member', {
    central,
    handlerCode: 'exports.handler = async () => {};',
    ...props,
  });
  return Template.fromStack(stack);
}

describe('member resources in a plain stack', () => {
  it('keeps the tamper pattern within the EventBridge limit', () => {
    expect(JSON.stringify(TAMPER_EVENT_PATTERN).length).toBeLessThanOrEqual(MAX_EVENT_PATTERN_LENGTH);
    memberTemplate().hasResourceProperties('AWS::Events::Rule', { EventPattern: TAMPER_EVENT_PATTERN });
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

  it('grants trail actions on this account, publishing on the central topic and its key through SNS only', () => {
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
                Resource: { 'Fn::Sub': OWN_LOG_GROUP },
              }),
            ]),
          },
        },
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
});
