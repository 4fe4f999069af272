// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation placeholders, as templates and the diff write them
import { describeStatement, diffStatements } from '../../src/stackset-diff/policy-diff';
import { show } from '../../src/stackset-diff/show';
import { type CfnTemplate, diffTemplates } from '../../src/stackset-diff/template-diff';

const trust = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

function template(resources: CfnTemplate['Resources']): CfnTemplate {
  return { Resources: resources };
}

const notesOf = (diff: ReturnType<typeof diffTemplates>, id: string) =>
  diff.resources.find((r) => r.id === id)?.notes.map((n) => `${n.kind}: ${n.text}`);

describe('diffTemplates', () => {
  it("calls out a role's new trust and policy statements, and a managed policy attached", () => {
    const before = template({
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: trust('lambda.amazonaws.com'),
          Policies: [
            {
              PolicyName: 'main',
              PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['b:Two', 'a:One'], Resource: '*' }] },
            },
          ],
        },
      },
    });
    const after = template({
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: trust('events.amazonaws.com'),
          // The same statement with its actions reordered is no change; the second one is.
          Policies: [
            {
              PolicyName: 'main',
              PolicyDocument: {
                Statement: [
                  { Effect: 'Allow', Action: ['a:One', 'b:Two'], Resource: '*' },
                  {
                    Sid: 'Publish',
                    Effect: 'Allow',
                    Action: 'sns:Publish',
                    Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:sns:eu-west-1:111:topic' },
                    Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
                  },
                ],
              },
            },
          ],
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        },
      },
    });
    const diff = diffTemplates(before, after);
    expect(diff.resources.map((r) => [r.change, r.id, r.properties])).toEqual([
      ['~', 'Role', ['AssumeRolePolicyDocument', 'ManagedPolicyArns', 'Policies']],
    ]);
    expect(notesOf(diff, 'Role')).toEqual([
      'trust: - Allow sts:AssumeRole to Service lambda.amazonaws.com',
      'trust: + Allow sts:AssumeRole to Service events.amazonaws.com',
      'iam-policy: + policy main: [Publish] Allow sns:Publish on arn:${AWS::Partition}:sns:eu-west-1:111:topic when aws:PrincipalOrgID StringEquals o-1',
      'iam-policy: + managed policy arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
  });

  it("lists a function's environment changes and a change of its inline code, not the code", () => {
    const fn = (variables: Record<string, unknown>, code: string) => ({
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { ZipFile: code }, Environment: { Variables: variables } },
    });
    const diff = diffTemplates(
      template({ Fn: fn({ MODE: 'notify-only', OLD: 'x', SAME: 'y' }, 'exports.a=1') }),
      template({ Fn: fn({ MODE: 'remediate', NEW: { Ref: 'AWS::Region' }, SAME: 'y' }, 'exports.a=12') }),
    );
    expect(notesOf(diff, 'Fn')).toEqual([
      'environment: ~ MODE: notify-only → remediate',
      'environment: + NEW=${AWS::Region}',
      'environment: - OLD',
      'code: inline code changes (11 bytes → 12 bytes)',
    ]);
  });

  it("reports an SCP's statements and targets, a key policy, and a log group's deletion policy", () => {
    const scp = (action: string, targets: string[]) => ({
      Type: 'AWS::Organizations::Policy',
      Properties: {
        Content: { Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] },
        TargetIds: targets,
      },
    });
    const key = (principal: unknown) => ({
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: { Statement: [{ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }] },
      },
    });
    const diff = diffTemplates(
      template({
        Scp: scp('cloudtrail:StopLogging', ['ou-a']),
        Key: key({ AWS: 'arn:aws:iam::111:root' }),
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } },
      }),
      template({
        Scp: scp('cloudtrail:DeleteTrail', ['ou-a', 'ou-b']),
        Key: key('*'),
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 }, DeletionPolicy: 'Retain' },
      }),
    );
    expect(notesOf(diff, 'Scp')).toEqual([
      'scp: - Deny cloudtrail:StopLogging on *',
      'scp: + Deny cloudtrail:DeleteTrail on *',
      'scp: + attached to ou-b',
    ]);
    expect(notesOf(diff, 'Key')).toEqual([
      'resource-policy: - Allow kms:* to arn:aws:iam::111:root on *',
      'resource-policy: + Allow kms:* to anyone on *',
    ]);
    expect(diff.resources.find((r) => r.id === 'Logs')?.properties).toEqual([
      'DeletionPolicy Delete → Retain',
    ]);
    expect(notesOf(diff, 'Logs')).toEqual([]);
  });

  it('says how any other property changes, in short, beside what the notes describe', () => {
    const group = (days: number, name: unknown) => ({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: days, LogGroupName: name },
    });
    const diff = diffTemplates(
      template({ Logs: group(90, '/aws/lambda/x') }),
      template({ Logs: group(731, { 'Fn::Join': ['/', ['/aws/lambda/x', { Ref: 'AWS::StackName' }]] }) }),
    );
    expect(notesOf(diff, 'Logs')).toEqual([
      'property: ~ LogGroupName: /aws/lambda/x → /aws/lambda/x/${AWS::StackName}',
      'property: ~ RetentionInDays: 90 → 731',
    ]);
    // A role's policies have their own lines, not a generic one.
    const role = (description: string) => ({
      Type: 'AWS::IAM::Role',
      Properties: { Description: description, Policies: [] },
    });
    expect(notesOf(diffTemplates(template({ R: role('a') }), template({ R: role('b') })), 'R')).toEqual([
      'property: ~ Description: a → b',
    ]);
  });

  it('says what changes in a StackSet resource: targets, rollout, template', () => {
    const stackSet = (ous: string[], regions: string[], prefs: unknown, url: string) => ({
      Type: 'AWS::CloudFormation::StackSet',
      Properties: {
        StackSetName: 'TrailGuard-Members',
        StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ous }, Regions: regions }],
        OperationPreferences: prefs,
        TemplateURL: url,
      },
    });
    const diff = diffTemplates(
      template({
        Set: stackSet(['ou-a'], ['eu-west-1'], { MaxConcurrentPercentage: 100 }, 'https://x/1.json'),
      }),
      template({
        Set: stackSet(['ou-a', 'ou-b'], ['eu-west-1'], { MaxConcurrentCount: 20 }, 'https://x/2.json'),
      }),
    );
    expect(notesOf(diff, 'Set')).toEqual([
      'targets: + target ou-b × eu-west-1',
      'targets: OperationPreferences: {MaxConcurrentPercentage: 100} → {MaxConcurrentCount: 20}',
      'template: template of TrailGuard-Members changes (below)',
    ]);
  });

  it('shows added and removed resources with everything they grant, a type change as both, and other sections', () => {
    const before: CfnTemplate = {
      Resources: {
        Gone: { Type: 'AWS::SNS::Topic' },
        Swap: { Type: 'AWS::SQS::Queue' },
        Same: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q' } },
      },
      Outputs: { A: { Value: '1' } },
    };
    const after: CfnTemplate = {
      Resources: {
        Swap: { Type: 'AWS::SNS::Topic' },
        Same: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q' } },
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: { AssumeRolePolicyDocument: trust('lambda.amazonaws.com') },
        },
      },
      Outputs: { A: { Value: '2' } },
    };
    const diff = diffTemplates(before, after);
    expect(diff.resources.map((r) => `${r.change} ${r.type} ${r.id}`)).toEqual([
      '- AWS::SNS::Topic Gone',
      '- AWS::SQS::Queue Swap',
      '+ AWS::SNS::Topic Swap',
      '+ AWS::IAM::Role Role',
    ]);
    expect(notesOf(diff, 'Role')).toEqual(['trust: + Allow sts:AssumeRole to Service lambda.amazonaws.com']);
    expect(diff.sections).toEqual(['Outputs']);
    // Nothing deployed: every resource is new and no section "changes".
    expect(diffTemplates(undefined, after)).toMatchObject({ sections: [] });
    expect(diffTemplates(after, after)).toEqual({ resources: [], sections: [] });
  });
});

describe('statements and values in words', () => {
  it.each([
    [{ Effect: 'Deny', NotAction: ['iam:*'], Resource: '*' }, 'Deny every action but iam:* on *'],
    [
      { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::b/*' },
      'Allow s3:GetObject on everything but arn:aws:s3:::b/*',
    ],
    [
      {
        Effect: 'Allow',
        Action: 'sns:Publish',
        NotPrincipal: { AWS: ['arn:aws:iam::1:root', 'arn:aws:iam::2:root'] },
      },
      'Allow sns:Publish to everyone but arn:aws:iam::1:root, arn:aws:iam::2:root',
    ],
  ])('%j reads "%s"', (statement, words) => {
    expect(describeStatement(statement)).toBe(words);
  });

  it('finds no change in a statement given as an object instead of a one-element list', () => {
    const statement = { Effect: 'Allow', Action: 'a:B', Resource: '*' };
    expect(diffStatements({ Statement: statement }, { Statement: [statement] })).toEqual([]);
  });

  it('shows intrinsic functions as CloudFormation writes them', () => {
    expect(show({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe('${Role.Arn}');
    expect(show({ 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] })).toBe(
      "split(${AWS::StackId}, '/')[2]",
    );
    expect(show({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':x']] })).toBe(
      'arn:${AWS::Partition}:x',
    );
    expect(show({ 'Fn::Sub': ['${A}', { A: 'b' }] })).toBe('${A}');
  });
});
