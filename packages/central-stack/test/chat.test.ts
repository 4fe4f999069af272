import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { renderJsonTemplate } from './input-template';
import { resourceOf } from './policy-simulation';
import { type CfnTemplate, type Synthesized, synthesize, testConfig } from './synth';

/** An incident event as the handler puts it on the central bus (each fixture's shape and next step are checked against the handler's). */
const incidentEvent = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, 'fixtures', `incident-event.${name}.json`), 'utf8'));
const incident = incidentEvent('stop-logging');

const TEAMS = {
  tenantId: 'a1b2c3d4-0000-1111-2222-333344445555',
  teamId: 'b1b2c3d4-0000-1111-2222-333344445555',
  channelId: '19%3ab6ef35dc342d4ec6ba5b59c32d6a7ff5%40thread.tacv2',
};

const chatRule = (template: CfnTemplate) =>
  resourceOf(template, 'AWS::Events::Rule', (p) => p.Name === 'trailguard-chat-incidents');

describe('the chat channel, with Slack (the test configuration: medium and above)', () => {
  let app: Synthesized;
  let central: Template;
  beforeAll(() => {
    app = synthesize(testConfig());
    central = Template.fromJSON(app.central);
  });

  it('configures the Slack channel for notifications only: a role without permissions, a deny-all guardrail', () => {
    const role = resourceOf(app.central, 'AWS::IAM::Role', (p) => p.RoleName === 'trailguard-chat');
    expect(role.properties.Policies).toBeUndefined();
    expect(role.properties.ManagedPolicyArns).toBeUndefined();
    central.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      ConfigurationName: 'trailguard',
      SlackWorkspaceId: 'T0ZZ9Y8X7',
      SlackChannelId: 'C0ZZ9Y8X7',
      IamRoleArn: { 'Fn::GetAtt': [role.id, 'Arn'] },
      GuardrailPolicies: ['arn:aws:iam::aws:policy/AWSDenyAll'],
      UserRoleRequired: false,
      SnsTopicArns: [
        { Ref: resourceOf(app.central, 'AWS::SNS::Topic', (p) => p.TopicName === 'trailguard-chat').id },
      ],
    });
    central.resourceCountIs('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 0);
  });

  it('feeds it incidents of medium severity and above from the central bus, through its own encrypted topic', () => {
    const topic = resourceOf(app.central, 'AWS::SNS::Topic', (p) => p.TopicName === 'trailguard-chat');
    expect(topic.properties.KmsMasterKeyId).toEqual({
      'Fn::GetAtt': [resourceOf(app.central, 'AWS::KMS::Key').id, 'Arn'],
    });
    central.hasResourceProperties('AWS::Events::Rule', {
      Name: 'trailguard-chat-incidents',
      EventBusName: 'trailguard-events',
      EventPattern: {
        source: ['trailguard'],
        'detail-type': ['TrailGuard Incident'],
        detail: { severity: ['critical', 'high', 'medium'] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: topic.id } })],
    });
    // EventBridge may publish there for this rule only.
    central.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic.id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [chatRule(app.central).id, 'Arn'] } },
            },
          }),
        ]),
      },
    });
  });

  it('renders an incident in the custom notification format, with its title, description and next steps', () => {
    const [target] = chatRule(app.central).properties.Targets as {
      InputTransformer: { InputTemplate: string; InputPathsMap: Record<string, string> };
    }[];
    const message = renderJsonTemplate(
      target?.InputTransformer.InputTemplate ?? '',
      target?.InputTransformer.InputPathsMap ?? {},
      incident,
    ) as {
      version: string;
      source: string;
      content: Record<string, unknown>;
      metadata: Record<string, unknown>;
    };
    expect(message).toMatchObject({
      version: '1.0',
      source: 'custom',
      id: '6e1f7d9a-55b4-4a0c-a5e2-1f0c3d9b7a21',
      content: {
        textType: 'client-markdown',
        title: 'TrailGuard (high): Logging was stopped on trail "audit" by AWSReservedSSO_Admin_0123/jane',
        nextSteps: [
          incident.detail.nextStep,
          expect.stringContaining('6e1f7d9a-55b4-4a0c-a5e2-1f0c3d9b7a21'),
        ],
        keywords: ['high', '888888888888', 'us-west-2'],
      },
      metadata: { threadId: '6e1f7d9a-55b4-4a0c-a5e2-1f0c3d9b7a21', eventType: 'StopLogging' },
    });
    expect(String(message.content.description).split('\n')).toEqual([
      '*StopLogging* in account 888888888888, us-west-2, at 2026-12-01T10:15:02Z.',
      'Who: `arn:aws:sts::888888888888:assumed-role/AWSReservedSSO_Admin_0123/jane`',
      'TrailGuard: start-logging, succeeded (verified: true). GetTrailStatus shows IsLogging true',
    ]);
  });

  it.each([
    [
      'a sweep’s repair, whose actor nobody knows',
      'sweep-repaired',
      /^Find out from whoever made it \(CloudTrail event history shows who\)/,
    ],
    ['a repair that failed', 'stop-logging-failed', /^Act now: repair it by hand/],
  ])('gives the next step the handler gives for %s, never an actor it does not know', (_, name, step) => {
    const event = incidentEvent(name);
    const [target] = chatRule(app.central).properties.Targets as {
      InputTransformer: { InputTemplate: string; InputPathsMap: Record<string, string> };
    }[];
    const message = renderJsonTemplate(
      target?.InputTransformer.InputTemplate ?? '',
      target?.InputTransformer.InputPathsMap ?? {},
      event,
    ) as { content: { nextSteps: string[]; title: string; description: string } };
    expect(message.content.description.split('\n')[1]).toBe(`Who: \`${event.detail.actor.name}\``);
    expect(message.content.description).not.toMatch(/`null`/);
    expect(message.content.nextSteps).toEqual([
      event.detail.nextStep,
      expect.stringContaining(event.detail.event.id),
    ]);
    expect(message.content.nextSteps[0]).toMatch(step);
    expect(message.content.nextSteps.join('\n')).not.toMatch(/`null`|whether \w+ was intended/);
  });

  it('leaves cdk-nag with nothing to report', () => {
    const report = JSON.parse(readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  });
});

describe('the chat channel, other configurations', () => {
  it('configures a Microsoft Teams channel alone, with the same topic and guardrail', () => {
    const app = synthesize(testConfig({ chat: { microsoftTeams: TEAMS, minimumSeverity: 'critical' } }));
    const central = Template.fromJSON(app.central);
    central.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      ConfigurationName: 'trailguard-teams',
      TeamsTenantId: TEAMS.tenantId,
      TeamId: TEAMS.teamId,
      TeamsChannelId: TEAMS.channelId,
      GuardrailPolicies: ['arn:aws:iam::aws:policy/AWSDenyAll'],
    });
    central.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    expect(chatRule(app.central).properties.EventPattern).toMatchObject({
      detail: { severity: ['critical'] },
    });
  });

  it('configures both services when both are named, on one topic', () => {
    const app = synthesize(
      testConfig({
        chat: { slack: { workspaceId: 'T0ZZ9Y8X7', channelId: 'C0ZZ9Y8X7' }, microsoftTeams: TEAMS },
      }),
    );
    const topics = Object.values(app.central.Resources).filter(
      (r) =>
        r.Type === 'AWS::Chatbot::SlackChannelConfiguration' ||
        r.Type === 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration',
    );
    expect(topics.map((r) => r.Properties?.SnsTopicArns)).toEqual([
      [{ Ref: expect.stringMatching(/ChatTopic/) }],
      [{ Ref: expect.stringMatching(/ChatTopic/) }],
    ]);
    // The default minimum severity of a chat channel.
    expect(chatRule(app.central).properties.EventPattern).toMatchObject({
      detail: { severity: ['critical', 'high'] },
    });
  });

  it('adds nothing for chat when none is configured', () => {
    const app = synthesize(testConfig({ chat: undefined }));
    const types = Object.values(app.central.Resources).map((r) => r.Type);
    expect(types.filter((t) => t.startsWith('AWS::Chatbot::'))).toEqual([]);
    expect(
      Object.values(app.central.Resources).filter(
        (r) =>
          r.Properties?.TopicName === 'trailguard-chat' || r.Properties?.Name === 'trailguard-chat-incidents',
      ),
    ).toEqual([]);
  });
});
