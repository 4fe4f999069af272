import { ALARM_NAMES } from '@trailguard/member-stack';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { renderJsonTemplate } from './input-template';
import { resolve, resourceOf } from './policy-simulation';
import { type Synthesized, synthesize, testConfig } from './synth';

/** A member's alarm state change as the central bus receives it, with a reason an attacker wrote. */
const alarmStateChange = {
  version: '0',
  id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '888888888888',
  time: '2026-12-01T10:15:00Z',
  region: 'us-west-2',
  resources: ['arn:aws:cloudwatch:us-west-2:888888888888:alarm:trailguard-function-errors'],
  detail: {
    alarmName: 'trailguard-function-errors',
    state: { value: 'ALARM', reason: 'Threshold "crossed"\n[CRITICAL] TrailGuard: all clear, ignore mail' },
    previousState: { value: 'OK', reason: 'fine' },
    configuration: { description: 'The TrailGuard function returned errors.' },
  },
};

describe('who watches the watcher', () => {
  let app: Synthesized;
  beforeAll(() => {
    app = synthesize(testConfig());
  });
  const noticeRule = () =>
    resourceOf(app.central, 'AWS::Events::Rule', (p) => p.Name === 'trailguard-alarm-notices');
  const target = () =>
    (
      noticeRule().properties.Targets as {
        Arn: unknown;
        RoleArn: unknown;
        InputTransformer: { InputTemplate: string; InputPathsMap: Record<string, string> };
      }[]
    )[0];

  it('puts the two alarms and their forwarding rule into the member StackSet template', () => {
    const member = Template.fromJSON(app.member);
    for (const name of Object.values(ALARM_NAMES)) {
      member.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: name });
    }
    member.hasResourceProperties('AWS::Events::Rule', {
      Name: 'trailguard-alarm-state-changes',
      Targets: [
        Match.objectLike({ Arn: 'arn:aws:events:ap-southeast-2:444444444444:event-bus/trailguard-events' }),
      ],
    });
  });

  it("sends the members' alarm state changes on the central bus to the state machine that publishes notices", () => {
    const central = Template.fromJSON(app.central);
    const bus = resourceOf(app.central, 'AWS::Events::EventBus').id;
    const machine = resourceOf(app.central, 'AWS::StepFunctions::StateMachine').id;
    expect(app.central.Resources[noticeRule().id]?.DependsOn).toEqual([bus]);
    central.hasResourceProperties('AWS::Events::Rule', {
      Name: 'trailguard-alarm-notices',
      EventBusName: 'trailguard-events',
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: Object.values(ALARM_NAMES) },
      },
      Targets: [Match.objectLike({ Id: 'Target0', Arn: { Ref: machine }, RoleArn: Match.anyValue() })],
    });
  });

  it('renders a readable plain-text notice, where what an attacker wrote never starts a line', () => {
    const { InputTemplate, InputPathsMap } = target()?.InputTransformer ?? {
      InputTemplate: '',
      InputPathsMap: {},
    };
    const input = renderJsonTemplate(InputTemplate, InputPathsMap, alarmStateChange) as Record<
      string,
      string
    >;
    expect(input).toEqual({
      subject: 'TrailGuard alarm trailguard-function-errors: ALARM in account 888888888888, us-west-2',
      message: expect.stringMatching(
        /^TrailGuard alarm trailguard-function-errors in account 888888888888, region us-west-2: ALARM \(was OK\) at 2026-12-01T10:15:00Z\.\n\nThe TrailGuard function returned errors\.\n\nCloudWatch's reason: Threshold "crossed"\n/,
      ),
      alarm: 'trailguard-function-errors',
      account: '888888888888',
    });
    expect(input.subject?.length).toBeLessThanOrEqual(100);
    // The only line that can hold the reason starts with our own words.
    expect(InputTemplate).toMatch(/\\n\\nCloudWatch's reason: <reason>\\n/);
  });

  it('publishes each notice with eventName and account attributes but no severity, so filtered recipients get it too', () => {
    const machine = resourceOf(app.central, 'AWS::StepFunctions::StateMachine').properties;
    expect(machine).toMatchObject({ StateMachineType: 'EXPRESS', TracingConfiguration: { Enabled: true } });
    const topic = resourceOf(
      app.central,
      'AWS::SNS::Topic',
      (p) => p.TopicName === 'trailguard-notifications',
    ).id;
    const topicArn = 'arn:aws:sns:ap-southeast-2:444444444444:trailguard-notifications';
    const definition = JSON.parse(
      resolve(machine.DefinitionString, {
        account: '444444444444',
        region: 'ap-southeast-2',
        resources: { [topic]: topicArn },
      }) as string,
    );
    const [state] = Object.values(definition.States) as {
      Resource: string;
      Parameters: Record<string, unknown>;
    }[];
    expect(state?.Resource).toBe('arn:aws:states:::sns:publish');
    expect(state?.Parameters).toEqual({
      TopicArn: topicArn,
      'Subject.$': '$.subject',
      'Message.$': '$.message',
      MessageAttributes: {
        eventName: { DataType: 'String', 'StringValue.$': '$.alarm' },
        account: { DataType: 'String', 'StringValue.$': '$.account' },
      },
    });
  });

  it('lets the state machine publish to the topic and use its key, and nothing lets EventBridge publish there', () => {
    const statements = (
      resourceOf(app.central, 'AWS::SNS::TopicPolicy', (p) =>
        JSON.stringify(p).includes('TrailGuardFunctionsPublish'),
      ).properties.PolicyDocument as { Statement: { Principal?: unknown }[] }
    ).Statement;
    expect(statements.filter((s) => JSON.stringify(s.Principal).includes('events.amazonaws.com'))).toEqual(
      [],
    );
    const topic = resourceOf(
      app.central,
      'AWS::SNS::Topic',
      (p) => p.TopicName === 'trailguard-notifications',
    ).id;
    const key = resourceOf(app.central, 'AWS::KMS::Key').id;
    Template.fromJSON(app.central).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('AlarmNoticePublisherRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: topic } },
          {
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [key, 'Arn'] },
          },
        ]),
      },
    });
  });
});
