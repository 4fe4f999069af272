import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CloudTrailClient,
  CreateTrailCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { type FunctionConfiguration, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { EnableAWSServiceAccessCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { parseConfig, type TrailGuardConfig } from '@trailguard/config';
import { buildOrganization, type Emulator, type TestOrganization } from '@trailguard/test';
import { buildApp } from '../../app';
import { CENTRAL_STACK_SET_NAME, MANAGEMENT_STACK_SET_NAME, MEMBER_STACK_SET_NAME } from '../../names';
import { AwsClients } from '../aws-clients';
import { renderChecklist } from '../checklist';
import { computeOnlinePlan } from '../commands/plan';
import { readCoverage, renderCoverage } from '../coverage';
import { CDK_BOOTSTRAP_PARAMETER, runPreflight, STACKSETS_SERVICE_PRINCIPAL } from '../preflight';
import { Progress } from '../progress';
import { type AssumedRoleActor, cloudTrailApiCallEvent } from './cloudtrail-event';
import { invokeInProcess } from './lambda-process';
import { Timeline } from './timeline';

/** Where the story writes. */
export interface StoryOutput {
  readonly say: (text: string) => void;
}

/** Where the handler bundle is (`pnpm build` writes it). */
export const HANDLER_BUNDLE = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'core-handler',
  'dist',
  'index.js',
);

const HOME = 'eu-west-1';
const REGIONS = ['eu-west-1', 'us-east-1'] as const;
const ATTACKER_IP = '203.0.113.66';
const ATTACKER_AGENT =
  'aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.1 os/linux#6.1 md/arch#x86_64 lang/python#3.12.8';

/** What the story found at the end; the command's exit status follows from it. */
export interface StoryOutcome {
  /** The configuration the demo deployed, for trying the other commands afterwards. */
  readonly config: TrailGuardConfig;
  /** The account that was attacked. */
  readonly victim: string;
  readonly trailLogging: boolean;
  readonly managementEventsOn: boolean;
  readonly notifications: number;
  readonly echoIgnored: boolean;
}

/** The whole demo on a running emulator. */
export async function tellStory(emulator: Emulator, out: StoryOutput): Promise<StoryOutcome> {
  const { say } = out;
  const heading = (text: string) => say(`\n━━ ${text} ${'━'.repeat(Math.max(3, 86 - text.length))}`);

  heading('1. An organization');
  const org = await buildOrganization(emulator, {
    Security: ['security'],
    Workloads: ['payments', 'web'],
    Sandbox: ['playground'],
  });
  const victim = org.accounts.payments ?? '';
  say(
    `Organization ${org.organizationId}, root ${org.rootId}; management account ${org.managementAccountId}`,
  );
  for (const [ou, names] of [
    ['Security', ['security']],
    ['Workloads', ['payments', 'web']],
    ['Sandbox', ['playground']],
  ] as const) {
    say(`  OU ${ou.padEnd(10)} ${org.ous[ou]}: ${names.map((n) => `${n} ${org.accounts[n]}`).join(', ')}`);
  }
  const config = demoConfig(org);

  heading('2. Preflight: pnpm trailguard doctor');
  say('As an operator would: turn on trusted access for StackSets and bootstrap the home region');
  say(`(the demo writes the SSM parameter ${CDK_BOOTSTRAP_PARAMETER} that \`cdk bootstrap\` writes).\n`);
  await prepare(emulator);
  const clients = new AwsClients({ endpoint: emulator.endpoint, credentials: await emulator.credentials() });
  let inbox: Inbox;
  try {
    say(renderChecklist(await runPreflight(config, clients, '(demo configuration)')));

    heading('3. Deploy: pnpm run deploy');
    const templates = synthesize(config);
    say(
      `Synthesized the CDK app: central template ${kb(templates.centralText)}, member template ${kb(templates.memberText)}.`,
    );
    say('The emulator cannot run `cdk deploy` of the parent stack (it has no AWS::CloudFormation::StackSet');
    say('resource), so the demo makes the calls that stack makes, with the synthesized templates:');
    await deployStackSets(emulator, org, config, templates);
    say(
      `  ${CENTRAL_STACK_SET_NAME.padEnd(29)} service-managed → security account ${org.accounts.security}, ${HOME}`,
    );
    say(
      `  ${MEMBER_STACK_SET_NAME.padEnd(29)} service-managed → every account of the 3 OUs × ${REGIONS.join(', ')}`,
    );
    say(
      `  ${MANAGEMENT_STACK_SET_NAME.padEnd(29)} self-managed    → management account × ${REGIONS.join(', ')}`,
    );
    say('Set up differently because the emulator cannot do it (the demo says so where it happens):');
    say('  - KMS key tags dropped from the central template (moto fails on CloudFormation tags of a key);');
    say("  - moto skips topic, queue and bus policies and e-mail subscriptions: the security team's");
    say('    "inbox" is an SQS queue subscribed to the topic, and the e-mail text is read from the topic;');
    say('  - EventBridge does not invoke Lambda here and Lambda cannot run code without Docker: the demo');
    say("    delivers each CloudTrail event itself and runs the function's code (the handler bundle, the");
    say("    exact file inlined in the template) in a Node.js process with the function's environment");
    say("    and its execution role's credentials.");
    inbox = await subscribeInbox(emulator, org, config);

    heading('4. After deploying: pnpm trailguard coverage');
    const plan = await computeOnlinePlan(config, clients, new Progress({ write: () => true }));
    say(renderCoverage(await readCoverage(config, plan, clients)));
  } finally {
    clients.destroy();
  }

  heading(`5. The attack: account payments (${victim}), ${HOME}`);
  const timeline = new Timeline();
  const fn = await findFunction(emulator, victim, HOME);
  const trail = await createVictimTrail(emulator, victim);
  say(`The account's trail "${trail.name}" records management events and is logging.`);
  const attacker = await attackerSession(emulator, victim);
  const attackerTrail = new CloudTrailClient(sessionConfig(emulator, HOME, attacker.credentials));
  const stoppedAt = new Date();
  await attackerTrail.send(new StopLoggingCommand({ Name: trail.arn }));
  timeline.mark(
    'attacker',
    `StopLogging ${trail.name} as ${attacker.actor.arn} from ${ATTACKER_IP}`,
    stoppedAt.getTime(),
  );
  const strippedAt = new Date();
  await attackerTrail.send(
    new PutEventSelectorsCommand({
      TrailName: trail.name,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [] }],
    }),
  );
  timeline.mark('attacker', `PutEventSelectors ${trail.name}: management events off`, strippedAt.getTime());
  attackerTrail.destroy();
  const afterAttack = await trailState(emulator, victim, trail.name);
  say(`mallory (role ci-deployer) stopped the trail and turned its management events off:`);
  say(
    `  logging: ${afterAttack.logging ? 'yes' : 'NO'}; management events: ${afterAttack.managementEvents ? 'on' : 'OFF'}`,
  );

  heading('6. EventBridge delivers the events to TrailGuard in that account and region');
  const { env: fnEnv, actor: functionActor } = await functionEnvironment(emulator, fn);
  const deliver = async (label: string, event: ReturnType<typeof cloudTrailApiCallEvent>) => {
    timeline.mark(
      'EventBridge',
      `delivers ${label} (event ${event.detail.eventID.slice(0, 8)}…) to ${fn.FunctionName}`,
    );
    const run = await invokeInProcess(HANDLER_BUNDLE, event, fnEnv, event.id);
    for (const line of run.logs) {
      const entry = logEntry(line);
      timeline.mark(`${fn.FunctionName}`, entry.text, entry.at);
    }
    if (run.error) timeline.mark(`${fn.FunctionName}`, `FAILED: ${run.error}`);
    return run;
  };
  await startRecording(emulator);
  const before = await sentNotifications(emulator);
  const callBase = {
    account: victim,
    region: HOME,
    actor: attacker.actor,
    sourceIPAddress: ATTACKER_IP,
    userAgent: ATTACKER_AGENT,
  };
  const stopRun = await deliver(
    'StopLogging',
    cloudTrailApiCallEvent({
      ...callBase,
      eventName: 'StopLogging',
      time: stoppedAt,
      requestParameters: { name: trail.arn },
    }),
  );
  const selectorsRun = await deliver(
    'PutEventSelectors',
    cloudTrailApiCallEvent({
      ...callBase,
      eventName: 'PutEventSelectors',
      time: strippedAt,
      requestParameters: {
        trailName: trail.name,
        eventSelectors: [
          {
            readWriteType: 'All',
            includeManagementEvents: false,
            dataResources: [],
            excludeManagementEventSources: [],
          },
        ],
      },
      responseElements: {
        trailARN: trail.arn,
        eventSelectors: [
          {
            readWriteType: 'All',
            includeManagementEvents: false,
            dataResources: [],
            excludeManagementEventSources: [],
          },
        ],
      },
    }),
  );
  const afterRemediation = await sentNotifications(emulator);
  await deliver(
    'the echo of its own StartLogging',
    cloudTrailApiCallEvent({
      ...callBase,
      actor: functionActor,
      eventName: 'StartLogging',
      time: new Date(),
      sourceIPAddress: 'lambda.amazonaws.com',
      userAgent: 'lambda.amazonaws.com',
      requestParameters: { name: trail.arn },
    }),
  );
  const afterEcho = await sentNotifications(emulator);
  const final = await trailState(emulator, victim, trail.name);
  timeline.mark(
    'demo',
    `checks ${trail.name}: logging ${final.logging ? 'yes' : 'NO'}, management events ${final.managementEvents ? 'on' : 'OFF'}`,
  );
  say(`Function results: StopLogging → ${summary(stopRun)}; PutEventSelectors → ${summary(selectorsRun)}`);

  heading('7. Timeline');
  say(timeline.render());

  const published = afterRemediation.slice(before.length);
  heading(`8. What the security team reads (${config.notificationEmails.join(', ')})`);
  for (const [index, notification] of published.entries()) {
    const message = JSON.parse(notification.message) as { email?: string; default?: string };
    say(`${index === 0 ? '' : '\n'}Subject: ${notification.subject ?? '(none)'}`);
    const attributes = Object.entries(notification.attributes).map(([k, v]) => `${k}=${v}`);
    say(`Message attributes: ${attributes.join(', ')}`);
    say('');
    say(message.email ?? '(no e-mail entry)');
  }
  if (published[0]) {
    heading("9. The same incident as JSON (the topic's default entry, for SIEMs), from the SQS inbox");
    const doc = await firstInboxDocument(emulator, inbox);
    say(doc ?? (JSON.parse(published[0].message) as { default?: string }).default ?? '(none)');
  }
  const echoIgnored = afterEcho.length === afterRemediation.length;
  say(
    `\nResult: trail ${final.logging ? 'logging again' : 'STILL STOPPED'}, management events ${final.managementEvents ? 'restored' : 'STILL OFF'}; ` +
      `${published.length} notification(s) for the attack; ${echoIgnored ? "no message for TrailGuard's own StartLogging" : 'an extra message for the echo (unexpected)'}.`,
  );
  return {
    config,
    victim,
    trailLogging: final.logging,
    managementEventsOn: final.managementEvents,
    notifications: published.length,
    echoIgnored,
  };
}

function demoConfig(org: TestOrganization): TrailGuardConfig {
  return parseConfig({
    organizationId: org.organizationId,
    organizationRootId: org.rootId,
    managementAccountId: org.managementAccountId,
    securityAccountId: org.accounts.security,
    homeRegion: HOME,
    organizationalUnits: [org.ous.Security, org.ous.Workloads, org.ous.Sandbox],
    regions: [...REGIONS],
    notificationEmails: ['security-team@example.com'],
  });
}

async function prepare(emulator: Emulator): Promise<void> {
  const organizations = await emulator.client(OrganizationsClient);
  await organizations.send(
    new EnableAWSServiceAccessCommand({ ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL }),
  );
  organizations.destroy();
  const ssm = await emulator.client(SSMClient, { region: HOME });
  await ssm.send(
    new PutParameterCommand({ Name: CDK_BOOTSTRAP_PARAMETER, Value: '27', Type: 'String', Overwrite: true }),
  );
  ssm.destroy();
}

interface Templates {
  readonly centralText: string;
  readonly memberText: string;
}

/** Synthesizes the real app and picks the two StackSet templates by what they contain. */
function synthesize(config: TrailGuardConfig): Templates {
  const outdir = mkdtempSync(path.join(tmpdir(), 'trailguard-demo-'));
  buildApp(config, { outdir, validateTemplates: false }).synth();
  const files = readdirSync(outdir).filter((f) => f.endsWith('.stackset.template.json'));
  const texts = files.map((f) => readFileSync(path.join(outdir, f), 'utf8'));
  const memberText = texts.find((t) => t.includes('"AWS::Lambda::Function"'));
  const centralText = texts.find((t) => t.includes('"AWS::SNS::Topic"'));
  if (!memberText || !centralText) {
    throw new Error(
      `the synthesized app in ${outdir} has no member or no central StackSet template (${files.join(', ') || 'none'})`,
    );
  }
  return { centralText, memberText };
}

/** moto 5.2.5 fails on CloudFormation Tags of an AWS::KMS::Key (it expects TagKey/TagValue). */
function withoutKeyTags(templateText: string): string {
  const template = JSON.parse(templateText) as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type === 'AWS::KMS::Key') delete resource.Properties?.Tags;
  }
  return JSON.stringify(template);
}

async function deployStackSets(
  emulator: Emulator,
  org: TestOrganization,
  config: TrailGuardConfig,
  templates: Templates,
) {
  const cloudformation = await emulator.client(CloudFormationClient, { region: HOME });
  try {
    const capabilities = ['CAPABILITY_NAMED_IAM' as const];
    await cloudformation.send(
      new CreateStackSetCommand({
        StackSetName: CENTRAL_STACK_SET_NAME,
        TemplateBody: withoutKeyTags(templates.centralText),
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: false },
        Capabilities: capabilities,
      }),
    );
    // OU ∩ {security account}: moto ignores the account filter, and the Security OU holds only that account.
    await cloudformation.send(
      new CreateStackInstancesCommand({
        StackSetName: CENTRAL_STACK_SET_NAME,
        DeploymentTargets: {
          OrganizationalUnitIds: [org.ous.Security ?? ''],
          Accounts: [config.securityAccountId],
          AccountFilterType: 'INTERSECTION',
        },
        Regions: [config.homeRegion],
      }),
    );
    await cloudformation.send(
      new CreateStackSetCommand({
        StackSetName: MEMBER_STACK_SET_NAME,
        TemplateBody: templates.memberText,
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        Capabilities: capabilities,
      }),
    );
    await cloudformation.send(
      new CreateStackInstancesCommand({
        StackSetName: MEMBER_STACK_SET_NAME,
        DeploymentTargets: { OrganizationalUnitIds: [...config.organizationalUnits] },
        Regions: [...config.regions],
      }),
    );
    await cloudformation.send(
      new CreateStackSetCommand({
        StackSetName: MANAGEMENT_STACK_SET_NAME,
        TemplateBody: templates.memberText,
        PermissionModel: 'SELF_MANAGED',
        AdministrationRoleARN: `arn:aws:iam::${config.managementAccountId}:role/TrailGuardAdministration`,
        ExecutionRoleName: 'TrailGuardStackSetExecution',
        Capabilities: capabilities,
      }),
    );
    await cloudformation.send(
      new CreateStackInstancesCommand({
        StackSetName: MANAGEMENT_STACK_SET_NAME,
        Accounts: [config.managementAccountId],
        Regions: [...config.regions],
      }),
    );
  } finally {
    cloudformation.destroy();
  }
}

interface Inbox {
  readonly account: string;
  readonly queueUrl: string;
}

/** The topic the member functions publish to, read from a deployed function's environment. */
async function topicArnOf(emulator: Emulator, account: string): Promise<string> {
  const fn = await findFunction(emulator, account, HOME);
  return fn.Environment?.Variables?.NOTIFICATION_TOPIC_ARN ?? '';
}

async function subscribeInbox(
  emulator: Emulator,
  org: TestOrganization,
  config: TrailGuardConfig,
): Promise<Inbox> {
  const topicArn = await topicArnOf(emulator, org.accounts.payments ?? '');
  const where = { account: config.securityAccountId, region: config.homeRegion };
  const sqs = await emulator.client(SQSClient, where);
  const sns = await emulator.client(SNSClient, where);
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'security-team-inbox' }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: Attributes?.QueueArn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    return { account: where.account, queueUrl: QueueUrl ?? '' };
  } finally {
    sqs.destroy();
    sns.destroy();
  }
}

async function firstInboxDocument(emulator: Emulator, inbox: Inbox): Promise<string | undefined> {
  const sqs = await emulator.client(SQSClient, { account: inbox.account, region: HOME });
  try {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: inbox.queueUrl, MaxNumberOfMessages: 1 }),
    );
    const body = Messages?.[0]?.Body;
    return body ? JSON.stringify(JSON.parse(body), null, 2) : undefined;
  } finally {
    sqs.destroy();
  }
}

async function findFunction(
  emulator: Emulator,
  account: string,
  region: string,
): Promise<FunctionConfiguration> {
  const lambda = await emulator.client(LambdaClient, { account, region });
  try {
    const { Functions } = await lambda.send(new ListFunctionsCommand({}));
    const fn = Functions?.find((f) => f.Environment?.Variables?.NOTIFICATION_TOPIC_ARN);
    if (!fn)
      throw new Error(
        `no TrailGuard function in account ${account}, ${region}: the member stack did not deploy`,
      );
    return fn;
  } finally {
    lambda.destroy();
  }
}

async function createVictimTrail(emulator: Emulator, account: string) {
  const where = { account, region: HOME };
  const s3 = await emulator.client(S3Client, where);
  const cloudtrail = await emulator.client(CloudTrailClient, where);
  try {
    const bucket = `payments-audit-logs-${account}`;
    await s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: HOME } }),
    );
    const { TrailARN } = await cloudtrail.send(
      new CreateTrailCommand({ Name: 'audit', S3BucketName: bucket }),
    );
    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: 'audit',
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
      }),
    );
    await cloudtrail.send(new StartLoggingCommand({ Name: 'audit' }));
    return { name: 'audit', arn: TrailARN ?? '' };
  } finally {
    s3.destroy();
    cloudtrail.destroy();
  }
}

async function trailState(emulator: Emulator, account: string, name: string) {
  const cloudtrail = await emulator.client(CloudTrailClient, { account, region: HOME });
  try {
    const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: name }));
    const selectors = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: name }));
    const managementEvents =
      (selectors.EventSelectors ?? []).some((s) => s.IncludeManagementEvents !== false) ||
      (selectors.AdvancedEventSelectors ?? []).some((s) =>
        s.FieldSelectors?.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')),
      );
    return { logging: status.IsLogging === true, managementEvents };
  } finally {
    cloudtrail.destroy();
  }
}

function sessionConfig(emulator: Emulator, region: string, credentials: AwsCredentialIdentity) {
  return { endpoint: emulator.endpoint, region, credentials, maxAttempts: 1 };
}

async function assumeRole(emulator: Emulator, roleArn: string, session: string) {
  const sts = new STSClient(await emulator.clientConfig());
  try {
    const { Credentials, AssumedRoleUser } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session }),
    );
    const account = roleArn.split(':')[4] ?? '';
    const credentials: AwsCredentialIdentity = {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken,
    };
    const actor: AssumedRoleActor = {
      arn: AssumedRoleUser?.Arn ?? '',
      principalId: AssumedRoleUser?.AssumedRoleId ?? '',
      roleArn,
      accountId: account,
      accessKeyId: credentials.accessKeyId,
    };
    return { credentials, actor };
  } finally {
    sts.destroy();
  }
}

/** A role an attacker got hold of (a CI role with too much power), and a session in it. */
async function attackerSession(emulator: Emulator, account: string) {
  const iam = await emulator.client(IAMClient, { account });
  try {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'ci-deployer',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
  } finally {
    iam.destroy();
  }
  return assumeRole(emulator, `arn:aws:iam::${account}:role/ci-deployer`, 'mallory');
}

/** The function's environment as Lambda gives it: its variables, region, and its role's credentials. */
async function functionEnvironment(
  emulator: Emulator,
  fn: FunctionConfiguration,
): Promise<{ env: Record<string, string>; actor: AssumedRoleActor }> {
  // Lambda's session name for an execution role is the function name.
  const session = await assumeRole(emulator, fn.Role ?? '', fn.FunctionName ?? 'function');
  const env = {
    ...(fn.Environment?.Variables ?? {}),
    AWS_REGION: HOME,
    AWS_DEFAULT_REGION: HOME,
    AWS_LAMBDA_FUNCTION_NAME: fn.FunctionName ?? '',
    AWS_ACCESS_KEY_ID: session.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: session.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: session.credentials.sessionToken ?? '',
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return { env, actor: session.actor };
}

/** A function log line as a timeline entry: its time and its message with the keys that matter. */
function logEntry(line: string): { at?: number; text: string } {
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    const emf = record._aws as {
      Timestamp?: number;
      CloudWatchMetrics?: Array<{ Metrics?: Array<{ Name: string }> }>;
    };
    if (emf) {
      // A CloudWatch embedded-metrics line: show the metrics, not the envelope.
      const names = emf.CloudWatchMetrics?.flatMap((m) => m.Metrics ?? []).map((m) => m.Name) ?? [];
      const values = names.map((n) => `${n}=${JSON.stringify(record[n])}`);
      // The handler times latency from eventTime, which CloudTrail records to the second.
      const note = names.includes('RemediationLatency')
        ? " (ms since the event's time, which CloudTrail rounds down to the second)"
        : '';
      return { at: emf.Timestamp, text: `metrics: ${values.join(', ')}${note}` };
    }
    const at = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : undefined;
    const keys = [
      'action',
      'outcome',
      'decision',
      'kind',
      'verified',
      'reason',
      'eventName',
      'trail',
      'severity',
    ]
      .filter((k) => record[k] !== undefined)
      .map((k) => `${k}=${typeof record[k] === 'object' ? JSON.stringify(record[k]) : String(record[k])}`);
    return {
      at: Number.isNaN(at) ? undefined : at,
      text: `log: ${String(record.message ?? line)}${keys.length ? ` (${keys.join(', ')})` : ''}`,
    };
  } catch {
    return { text: `log: ${line}` };
  }
}

function summary(run: { result?: unknown; error?: string }): string {
  return run.error ? `error: ${run.error}` : JSON.stringify(run.result);
}

interface SentNotification {
  readonly topicArn: string;
  readonly message: string;
  readonly subject?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Starts moto's request recorder. moto cannot list what was published once a Lambda function
 * exists (its data.json fails without Docker), so the demo reads the Publish requests the
 * emulator received instead — exactly what the function sent.
 */
async function startRecording(emulator: Emulator): Promise<void> {
  for (const step of ['reset-recording', 'start-recording']) {
    const response = await fetch(`${emulator.endpoint}/moto-api/recorder/${step}`, { method: 'POST' });
    if (!response.ok) throw new Error(`the emulator's recorder failed to ${step} (HTTP ${response.status})`);
  }
}

/** Every SNS Publish the emulator received since recording started, oldest first. */
async function sentNotifications(emulator: Emulator): Promise<SentNotification[]> {
  const response = await fetch(`${emulator.endpoint}/moto-api/recorder/download-recording`);
  if (!response.ok) throw new Error(`the emulator's recording could not be read (HTTP ${response.status})`);
  const notifications: SentNotification[] = [];
  for (const line of (await response.text()).split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { body?: string; body_encoded?: boolean };
    const body = entry.body_encoded
      ? Buffer.from(entry.body ?? '', 'base64').toString('utf8')
      : (entry.body ?? '');
    const form = new URLSearchParams(body);
    if (form.get('Action') !== 'Publish') continue;
    const attributes: Record<string, string> = {};
    for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
      attributes[form.get(`MessageAttributes.entry.${i}.Name`) ?? ''] =
        form.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '';
    }
    notifications.push({
      topicArn: form.get('TopicArn') ?? '',
      message: form.get('Message') ?? '',
      subject: form.get('Subject') ?? undefined,
      attributes,
    });
  }
  return notifications;
}

function kb(text: string): string {
  return `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
}

/** Whether the handler bundle exists (the demo runs the exact file the template inlines). */
export function handlerBundleExists(): boolean {
  return existsSync(HANDLER_BUNDLE);
}
