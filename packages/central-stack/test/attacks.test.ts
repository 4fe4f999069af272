import { type Attempt, decide, resolve, resourceOf } from './policy-simulation';
import { type Synthesized, synthesize, testConfig } from './synth';

/**
 * An admin of one member account plays each attack against the policies TrailGuard deploys.
 *
 * What this proves, and what it does not: moto enforces neither service control policies nor
 * cross-account resource policies, so each attempt is decided by an independent IAM policy
 * simulator (@cloud-copilot/iam-simulate) over the synthesized policy documents, with the
 * intrinsic functions resolved for one account and region. That catches a wrong action name,
 * resource pattern or condition; only a real organization proves that AWS decides the same.
 * Every attack has a control beside it (TrailGuard's own principal doing the legitimate thing)
 * so that a policy that denies everything would fail too. The simulator does not know KMS's
 * `kms:EncryptionContext:<key>` keys, so the topic key's conditions are pinned by the template
 * tests instead (app.test.ts).
 */

const ORG = 'o-zz9y8x7w6v';
const MEMBER = '888888888888';
const SECURITY = '444444444444';
const HOME = 'ap-southeast-2';
const REGION = 'us-west-2';
const admin = `arn:aws:iam::${MEMBER}:role/AccountAdmin`;
const stackSetsRole = `arn:aws:iam::${MEMBER}:role/stacksets-exec-0123456789abcdef`;
const remediationRole = `arn:aws:iam::${MEMBER}:role/trailguard-remediation-${REGION}`;
const forwardRole = `arn:aws:iam::${MEMBER}:role/trailguard-forward-${REGION}`;
const ownFunction = `arn:aws:lambda:${REGION}:${MEMBER}:function:trailguard-remediation`;
const topicArn = `arn:aws:sns:${HOME}:${SECURITY}:trailguard-notifications`;
const busArn = `arn:aws:events:${HOME}:${SECURITY}:event-bus/trailguard-events`;
const noticeRuleArn = `arn:aws:events:${HOME}:${SECURITY}:rule/trailguard-events/trailguard-alarm-notices`;

let app: Synthesized;
let scp: unknown;
beforeAll(() => {
  app = synthesize(testConfig());
  scp = resourceOf(app.parent, 'AWS::Organizations::Policy').properties.Content;
});

/** A request by a principal of the member account, under the TrailGuard SCP. */
const inMember = (attempt: Omit<Attempt, 'resourceAccount'>) =>
  decide({
    resourceAccount: MEMBER,
    serviceControlPolicies: [scp],
    ...attempt,
    context: { 'aws:PrincipalArn': attempt.principal, ...attempt.context },
  });

/** The central resources' policies, resolved in the security account. */
function centralPolicies() {
  const where = {
    account: SECURITY,
    region: HOME,
    resources: {
      [resourceOf(app.central, 'AWS::SNS::Topic', (p) => p.TopicName === 'trailguard-notifications').id]:
        topicArn,
      [resourceOf(app.central, 'AWS::Events::EventBus').id]: busArn,
      [resourceOf(app.central, 'AWS::Events::Rule', (p) => p.Name === 'trailguard-alarm-notices').id]:
        noticeRuleArn,
    },
  };
  const topic = resourceOf(app.central, 'AWS::SNS::TopicPolicy', (p) =>
    JSON.stringify(p).includes('TrailGuardFunctionsPublish'),
  ).properties.PolicyDocument;
  // One AWS::Events::EventBusPolicy per statement: together they are the bus's policy.
  const bus = Object.values(app.central.Resources)
    .filter((r) => r.Type === 'AWS::Events::EventBusPolicy')
    .map((r) => resolve(r.Properties?.Statement, where));
  expect(bus).toHaveLength(2);
  return { topic: resolve(topic, where), bus: { Version: '2012-10-17', Statement: bus } };
}

/** A request from a role of the organization, in another account, to the security account. */
const fromOrganization = (principal: string, attempt: Omit<Attempt, 'principal' | 'resourceAccount'>) =>
  decide({
    principal,
    resourceAccount: SECURITY,
    ...attempt,
    context: {
      'aws:PrincipalOrgID': ORG,
      'aws:PrincipalArn': principal,
      'aws:SecureTransport': 'true',
      ...attempt.context,
    },
  });

describe('attacks on the SCP exemptions (policy simulation: moto does not enforce SCPs)', () => {
  it('an account admin creates a look-alike StackSets role, stacksets-exec-evil, to be exempt', async () => {
    const attempt = { action: 'iam:CreateRole', resource: `arn:aws:iam::${MEMBER}:role/stacksets-exec-evil` };
    expect(await inMember({ principal: admin, ...attempt })).toBe('ExplicitlyDenied');
    expect(await inMember({ principal: stackSetsRole, ...attempt })).toBe('Allowed');
  });

  it('an account admin creates trailguard-remediation-x, to be exempt and pass for TrailGuard', async () => {
    const attempt = {
      action: 'iam:CreateRole',
      resource: `arn:aws:iam::${MEMBER}:role/trailguard-remediation-x`,
    };
    expect(await inMember({ principal: admin, ...attempt })).toBe('ExplicitlyDenied');
    expect(await inMember({ principal: stackSetsRole, ...attempt })).toBe('Allowed');
  });

  it('an account admin lets themselves assume the break-glass role by rewriting its trust', async () => {
    const attempt = {
      action: 'iam:UpdateAssumeRolePolicy',
      resource: 'arn:aws:iam::777777777777:role/BreakGlass',
    };
    expect(await inMember({ principal: admin, ...attempt })).toBe('ExplicitlyDenied');
    // A role whose name is exempt from nothing stays the admin's to change.
    expect(
      await inMember({ principal: admin, ...attempt, resource: `arn:aws:iam::${MEMBER}:role/AppRole` }),
    ).toBe('Allowed');
  });

  it('an account admin attaches a policy to the remediation role, which the SCP exempts from trail rules', async () => {
    const attempt = { action: 'iam:AttachRolePolicy', resource: remediationRole };
    expect(await inMember({ principal: admin, ...attempt })).toBe('ExplicitlyDenied');
    expect(await inMember({ principal: stackSetsRole, ...attempt })).toBe('Allowed');
  });

  it('an account admin passes the remediation role to a function of their own', async () => {
    const attempt = { action: 'iam:PassRole', resource: remediationRole };
    expect(await inMember({ principal: admin, ...attempt })).toBe('ExplicitlyDenied');
    expect(await inMember({ principal: stackSetsRole, ...attempt })).toBe('Allowed');
  });

  it('an account admin stops the organization trail with the SCP in place', async () => {
    const attempt = {
      action: 'cloudtrail:StopLogging',
      resource: `arn:aws:cloudtrail:${REGION}:${MEMBER}:trail/audit`,
    };
    expect(await inMember({ principal: admin, ...attempt })).toBe('ExplicitlyDenied');
    // TrailGuard's own roles are exempt; what they may do is bounded by their own policy.
    expect(await inMember({ principal: remediationRole, ...attempt })).toBe('Allowed');
  });
});

describe('attacks on TrailGuard itself (policy simulation: moto does not enforce SCPs)', () => {
  it('an account admin invokes the function directly with a forged event', async () => {
    expect(await inMember({ principal: admin, action: 'lambda:InvokeFunction', resource: ownFunction })).toBe(
      'ExplicitlyDenied',
    );
    // The configured break-glass role may, in its own account (a canary run by `verify`, say).
    const breakGlassAccount = '777777777777';
    expect(
      await decide({
        principal: `arn:aws:iam::${breakGlassAccount}:role/BreakGlass`,
        action: 'lambda:InvokeFunction',
        resource: ownFunction.replace(MEMBER, breakGlassAccount),
        resourceAccount: breakGlassAccount,
        serviceControlPolicies: [scp],
        context: { 'aws:PrincipalArn': `arn:aws:iam::${breakGlassAccount}:role/BreakGlass` },
      }),
    ).toBe('Allowed');
  });

  it("an account admin sets the function's retries to 0 and its failure destination to their own queue", async () => {
    const attempt = { action: 'lambda:UpdateFunctionEventInvokeConfig', resource: ownFunction };
    expect(await inMember({ principal: admin, ...attempt })).toBe('ExplicitlyDenied');
    expect(await inMember({ principal: stackSetsRole, ...attempt })).toBe('Allowed');
    // Reading the settings stays allowed.
    expect(
      await inMember({
        principal: admin,
        action: 'lambda:GetFunctionEventInvokeConfig',
        resource: ownFunction,
      }),
    ).toBe('Allowed');
  });

  it("an account admin rewrites the function's resource policy: another invoker added, EventBridge's removed", async () => {
    for (const action of ['lambda:AddPermission', 'lambda:RemovePermission']) {
      expect(await inMember({ principal: admin, action, resource: ownFunction })).toBe('ExplicitlyDenied');
      expect(await inMember({ principal: stackSetsRole, action, resource: ownFunction })).toBe('Allowed');
    }
    expect(await inMember({ principal: admin, action: 'lambda:GetPolicy', resource: ownFunction })).toBe(
      'Allowed',
    );
  });

  it('an account admin feeds forged events to the function through an event source mapping', async () => {
    const attempt = {
      action: 'lambda:CreateEventSourceMapping',
      resource: '*',
    };
    expect(
      await inMember({ principal: admin, ...attempt, context: { 'lambda:FunctionArn': ownFunction } }),
    ).toBe('ExplicitlyDenied');
    expect(
      await inMember({
        principal: admin,
        ...attempt,
        context: { 'lambda:FunctionArn': `arn:aws:lambda:${REGION}:${MEMBER}:function:their-own` },
      }),
    ).toBe('Allowed');
  });

  it("an account admin deletes the function's log group (IAM names it with a trailing :*)", async () => {
    const stackId = '51af3dc0-da77-11e4-872e-1234567db123';
    for (const logGroup of [
      `arn:aws:logs:${REGION}:${MEMBER}:log-group:/aws/lambda/trailguard-remediation/${stackId}:*`,
      // The group retained from an earlier version of the stack.
      `arn:aws:logs:${REGION}:${MEMBER}:log-group:/aws/lambda/trailguard-remediation:*`,
    ]) {
      expect(await inMember({ principal: admin, action: 'logs:DeleteLogGroup', resource: logGroup })).toBe(
        'ExplicitlyDenied',
      );
      expect(
        await inMember({ principal: stackSetsRole, action: 'logs:DeleteLogGroup', resource: logGroup }),
      ).toBe('Allowed');
    }
  });

  it("an account admin deletes the log streams of TrailGuard's log group, writes forged lines into it or encrypts it with a key of their own", async () => {
    const group = `arn:aws:logs:${REGION}:${MEMBER}:log-group:/aws/lambda/trailguard-remediation/51af3dc0-da77-11e4-872e-1234567db123`;
    const stream = `${group}:log-stream:2026/12/01/[$LATEST]0123456789abcdef`;
    for (const [action, resource] of [
      ['logs:DeleteLogStream', stream],
      ['logs:PutLogEvents', stream],
      ['logs:PutRetentionPolicy', `${group}:*`],
      ['logs:CreateLogStream', `${group}:*`],
      ['logs:AssociateKmsKey', `${group}:*`],
      ['logs:DisassociateKmsKey', `${group}:*`],
    ] as const) {
      expect(await inMember({ principal: admin, action, resource })).toBe('ExplicitlyDenied');
    }
    // The function writes its log with its own role; investigators still read it.
    expect(
      await inMember({ principal: remediationRole, action: 'logs:PutLogEvents', resource: stream }),
    ).toBe('Allowed');
    expect(await inMember({ principal: admin, action: 'logs:GetLogEvents', resource: stream })).toBe(
      'Allowed',
    );
  });

  it('an account admin purges the dead-letter queue before anyone reads it', async () => {
    const queue = `arn:aws:sqs:${REGION}:${MEMBER}:trailguard-dead-letters`;
    expect(await inMember({ principal: admin, action: 'sqs:PurgeQueue', resource: queue })).toBe(
      'ExplicitlyDenied',
    );
    // Lambda sends failed events there with the remediation role's credentials.
    expect(await inMember({ principal: remediationRole, action: 'sqs:SendMessage', resource: queue })).toBe(
      'Allowed',
    );
  });

  it("an account admin deletes TrailGuard's state table, or the digest items in it, to lose a flood's count", async () => {
    const table = `arn:aws:dynamodb:${REGION}:${MEMBER}:table/trailguard-state`;
    for (const action of ['dynamodb:DeleteTable', 'dynamodb:DeleteItem', 'dynamodb:UpdateTimeToLive']) {
      expect(await inMember({ principal: admin, action, resource: table })).toBe('ExplicitlyDenied');
    }
    // The function keeps its state there, and reading it stays open to investigators.
    expect(
      await inMember({ principal: remediationRole, action: 'dynamodb:DeleteItem', resource: table }),
    ).toBe('Allowed');
    expect(await inMember({ principal: admin, action: 'dynamodb:Query', resource: table })).toBe('Allowed');
  });

  it('an account admin silences the watcher by setting its alarm back to OK', async () => {
    const alarm = `arn:aws:cloudwatch:${REGION}:${MEMBER}:alarm:trailguard-dead-letter-messages`;
    expect(await inMember({ principal: admin, action: 'cloudwatch:SetAlarmState', resource: alarm })).toBe(
      'ExplicitlyDenied',
    );
    expect(
      await inMember({ principal: stackSetsRole, action: 'cloudwatch:PutMetricAlarm', resource: alarm }),
    ).toBe('Allowed');
  });

  it('an account admin takes the account out of the organization, and of every SCP with it', async () => {
    expect(
      await inMember({ principal: admin, action: 'organizations:LeaveOrganization', resource: '*' }),
    ).toBe('ExplicitlyDenied');
  });
});

describe('the borrowed remediation role (policy simulation of its own policy)', () => {
  /** The remediation role's own policies, resolved in the member account. */
  const remediationPolicies = () => {
    const role = resourceOf(app.member, 'AWS::IAM::Role', (p) =>
      JSON.stringify(p.RoleName).includes('trailguard-remediation-'),
    );
    // The function's state table and log group, referenced by its policy.
    const table = resourceOf(app.member, 'AWS::DynamoDB::Table').id;
    const logGroup = resourceOf(app.member, 'AWS::Logs::LogGroup').id;
    const where = {
      account: MEMBER,
      region: REGION,
      resources: {
        [table]: `arn:aws:dynamodb:${REGION}:${MEMBER}:table/trailguard-state`,
        [logGroup]: `arn:aws:logs:${REGION}:${MEMBER}:log-group:/aws/lambda/trailguard-remediation/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6:*`,
      },
    };
    return (role.properties.Policies as { PolicyDocument: unknown }[]).map((p) =>
      resolve(p.PolicyDocument, where),
    );
  };

  it('an account admin uses the remediation role from a function of their own to blind a trail', async () => {
    const policies = remediationPolicies();
    const attempt = (sourceFunction: string) =>
      decide({
        principal: `arn:aws:sts::${MEMBER}:assumed-role/trailguard-remediation-${REGION}/session`,
        action: 'cloudtrail:PutEventSelectors',
        resource: `arn:aws:cloudtrail:${REGION}:${MEMBER}:trail/audit`,
        resourceAccount: MEMBER,
        identityPolicies: policies,
        context: { 'lambda:SourceFunctionArn': sourceFunction },
      });
    expect(await attempt(`arn:aws:lambda:${REGION}:${MEMBER}:function:borrowed`)).toBe('ImplicitlyDenied');
    // The same role in another region's TrailGuard function is another role's business.
    expect(await attempt(`arn:aws:lambda:eu-north-1:${MEMBER}:function:trailguard-remediation`)).toBe(
      'ImplicitlyDenied',
    );
    expect(await attempt(ownFunction)).toBe('Allowed');
  });

  it('an account admin uses the remediation role to put a look-alike incident or another source on the central bus', async () => {
    const policies = remediationPolicies();
    const put = (sourceFunction: string, source: string) =>
      decide({
        principal: `arn:aws:sts::${MEMBER}:assumed-role/trailguard-remediation-${REGION}/session`,
        action: 'events:PutEvents',
        resource: busArn,
        resourceAccount: MEMBER,
        identityPolicies: policies,
        context: {
          'lambda:SourceFunctionArn': sourceFunction,
          'events:source': [source],
          'events:detail-type': [
            source === 'trailguard' ? 'TrailGuard Incident' : 'AWS API Call via CloudTrail',
          ],
        },
      });
    expect(await put(`arn:aws:lambda:${REGION}:${MEMBER}:function:borrowed`, 'trailguard')).toBe(
      'ImplicitlyDenied',
    );
    expect(await put(ownFunction, 'aws.cloudtrail')).toBe('ImplicitlyDenied');
    expect(await put(ownFunction, 'trailguard')).toBe('Allowed');
  });
});

describe('forged notices (policy simulation: moto does not enforce cross-account resource policies)', () => {
  const appRole = `arn:aws:iam::${MEMBER}:role/AppRole`;

  it('a compromised role of the organization publishes a look-alike "[CRITICAL] TrailGuard" notice', async () => {
    const { topic } = centralPolicies();
    const publish = { action: 'sns:Publish', resource: topicArn, resourcePolicy: topic };
    expect(await fromOrganization(appRole, publish)).toBe('ImplicitlyDenied');
    expect(await fromOrganization(remediationRole, publish)).toBe('Allowed');
  });

  it('a compromised role of the organization puts forged tamper events on the central bus', async () => {
    const { bus } = centralPolicies();
    const put = {
      action: 'events:PutEvents',
      resource: busArn,
      resourcePolicy: bus,
      context: { 'events:source': ['aws.cloudtrail'], 'events:detail-type': ['AWS API Call via CloudTrail'] },
    };
    expect(await fromOrganization(appRole, put)).toBe('ImplicitlyDenied');
    expect(await fromOrganization(forwardRole, put)).toBe('Allowed');
  });

  // `trailguard` is not an `aws.` source, so EventBridge itself refuses nobody: the bus policy must.
  const incident = {
    action: 'events:PutEvents',
    resource: busArn,
    context: { 'events:source': ['trailguard'], 'events:detail-type': ['TrailGuard Incident'] },
  };

  it('a compromised role of the organization puts a forged "TrailGuard Incident" on the central bus', async () => {
    const { bus } = centralPolicies();
    expect(await fromOrganization(appRole, { ...incident, resourcePolicy: bus })).toBe('ImplicitlyDenied');
    expect(await fromOrganization(remediationRole, { ...incident, resourcePolicy: bus })).toBe('Allowed');
  });

  it('a member admin relays a forged incident through the forwarding role, which only carries aws. sources', async () => {
    const { bus } = centralPolicies();
    expect(await fromOrganization(forwardRole, { ...incident, resourcePolicy: bus })).toBe(
      'ImplicitlyDenied',
    );
    // Nor does the remediation role put anything but incidents.
    const tamper = {
      'events:source': ['aws.cloudtrail'],
      'events:detail-type': ['AWS API Call via CloudTrail'],
    };
    expect(
      await fromOrganization(remediationRole, { ...incident, context: tamper, resourcePolicy: bus }),
    ).toBe('ImplicitlyDenied');
    // One forged entry beside a real one spoils the whole request: every source must pass.
    expect(
      await fromOrganization(remediationRole, {
        ...incident,
        context: {
          'events:source': ['trailguard', 'aws.cloudtrail'],
          'events:detail-type': ['TrailGuard Incident'],
        },
        resourcePolicy: bus,
      }),
    ).toBe('ImplicitlyDenied');
  });

  it('a role outside the organization with a TrailGuard-like name publishes to the topic', async () => {
    const { topic } = centralPolicies();
    const outsider = 'arn:aws:iam::999999999999:role/trailguard-remediation-us-west-2';
    expect(
      await fromOrganization(outsider, {
        action: 'sns:Publish',
        resource: topicArn,
        resourcePolicy: topic,
        context: { 'aws:PrincipalOrgID': 'o-someoneelse1' },
      }),
    ).toBe('ImplicitlyDenied');
  });
});
