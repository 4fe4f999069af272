import { ALARM_NAMES } from '@trailguard/member-stack';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { resourceOf } from './policy-simulation';
import { type Synthesized, synthesize, testConfig } from './synth';

describe('who watches the watcher', () => {
  let app: Synthesized;
  beforeAll(() => {
    app = synthesize(testConfig());
  });

  it('puts the three alarms and their forwarding rule into the member StackSet template', () => {
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

  it("turns the members' alarm state changes on the central bus into a readable notice on the topic", () => {
    const central = Template.fromJSON(app.central);
    const bus = resourceOf(app.central, 'AWS::Events::EventBus').id;
    const topic = resourceOf(app.central, 'AWS::SNS::Topic').id;
    const [rule] = Object.values(central.findResources('AWS::Events::Rule'));
    expect(rule?.DependsOn).toEqual([bus]);
    central.hasResourceProperties('AWS::Events::Rule', {
      Name: 'trailguard-alarm-notices',
      EventBusName: 'trailguard-events',
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: Object.values(ALARM_NAMES) },
      },
      Targets: [
        {
          Id: 'Target0',
          Arn: { Ref: topic },
          InputTransformer: {
            InputPathsMap: Match.objectLike({
              alarm: '$.detail.alarmName',
              account: '$.account',
              region: '$.region',
              state: '$.detail.state.value',
              description: '$.detail.configuration.description',
              reason: '$.detail.state.reason',
            }),
            InputTemplate: Match.stringLikeRegexp(
              '^TrailGuard alarm <alarm> in account <account>, region <region>: <state> \\(was <previous>\\) at <time>\\.\\n\\n<description>\\n',
            ),
          },
        },
      ],
    });
  });

  it('sends the notice as plain text, not as a quoted JSON string', () => {
    const rule = resourceOf(app.central, 'AWS::Events::Rule').properties;
    const [target] = rule.Targets as { InputTransformer: { InputTemplate: string } }[];
    expect(target?.InputTransformer.InputTemplate.startsWith('"')).toBe(false);
    // What an attacker could set (the alarm's reason) never starts a line of its own.
    expect(target?.InputTransformer.InputTemplate).toMatch(/\nCloudWatch's reason: <reason>\n/);
  });

  it('lets EventBridge publish to the topic for that rule only', () => {
    const rule = resourceOf(app.central, 'AWS::Events::Rule').id;
    Template.fromJSON(app.central).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'WatcherAlarmRulePublishes',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: Match.anyValue(),
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [rule, 'Arn'] } } },
          },
        ]),
      },
    });
    const statements = (
      resourceOf(app.central, 'AWS::SNS::TopicPolicy').properties.PolicyDocument as {
        Statement: { Principal?: unknown; Condition?: unknown }[];
      }
    ).Statement;
    // No statement lets EventBridge publish without naming the rule (aws-events-targets' SnsTopic would).
    expect(
      statements.filter(
        (s) =>
          JSON.stringify(s.Principal).includes('events.amazonaws.com') &&
          !JSON.stringify(s.Condition).includes('aws:SourceArn'),
      ),
    ).toEqual([]);
  });
});
