import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { type FunctionConfiguration, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { buildApp } from '@trailguard/central-stack';
import { STACKSET_NAMES, TEMPLATE_FILES } from '@trailguard/central-stack/names';
import { parseConfig, type TrailGuardConfig } from '@trailguard/config';
import type { Emulator, TestOrganization } from '@trailguard/test';

// The demo organization's TrailGuard: what an operator does before and during `pnpm run deploy`,
// done on the emulator with the synthesized templates.

/** Home region of the demo configuration. */
export const HOME = 'eu-west-1';
/** Regions of the demo configuration. */
export const REGIONS = ['eu-west-1', 'us-east-1'] as const;

export function demoConfig(org: TestOrganization): TrailGuardConfig {
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

export interface Templates {
  readonly centralText: string;
  readonly memberText: string;
  /** The tags the parent stack gives each StackSet (the version among them), by StackSet name. */
  readonly stackSetTags: Readonly<Record<string, ReadonlyArray<{ Key: string; Value: string }>>>;
}

interface ParentTemplate {
  Resources: Record<string, { Type: string; Properties?: { StackSetName?: string; Tags?: Tag[] } }>;
}
type Tag = { Key: string; Value: string };

/** Synthesizes the real app and picks the two StackSet templates by what they contain. */
export function synthesize(config: TrailGuardConfig): Templates {
  const outdir = mkdtempSync(path.join(tmpdir(), 'trailguard-demo-'));
  try {
    buildApp(config, { outdir, validateTemplates: false }).synth();
    const files = readdirSync(outdir).filter((f) => f.endsWith('.stackset.template.json'));
    const texts = files.map((f) => readFileSync(path.join(outdir, f), 'utf8'));
    const memberText = texts.find((t) => t.includes('"AWS::Lambda::Function"'));
    const centralText = texts.find((t) => t.includes('"AWS::SNS::Topic"'));
    if (!memberText || !centralText) {
      throw new Error(
        `the synthesized app has no member or no central StackSet template (${files.join(', ') || 'none'})`,
      );
    }
    const parent = JSON.parse(
      readFileSync(path.join(outdir, TEMPLATE_FILES.parent), 'utf8'),
    ) as ParentTemplate;
    const stackSetTags = Object.fromEntries(
      Object.values(parent.Resources)
        .filter((r) => r.Type === 'AWS::CloudFormation::StackSet' && r.Properties?.StackSetName)
        .map((r) => [r.Properties?.StackSetName ?? '', r.Properties?.Tags ?? []]),
    );
    return { centralText, memberText, stackSetTags };
  } finally {
    // The templates are read; nothing of the synth is left behind.
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** moto 5.2.5 fails on CloudFormation Tags of an AWS::KMS::Key (it expects TagKey/TagValue). */
export function withoutKeyTags(templateText: string): string {
  const template = JSON.parse(templateText) as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type === 'AWS::KMS::Key') delete resource.Properties?.Tags;
  }
  return JSON.stringify(template);
}

export async function deployStackSets(
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
        StackSetName: STACKSET_NAMES.central,
        TemplateBody: withoutKeyTags(templates.centralText),
        Tags: [...(templates.stackSetTags[STACKSET_NAMES.central] ?? [])],
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: false },
        Capabilities: capabilities,
      }),
    );
    // OU ∩ {security account}: moto ignores the account filter, and the Security OU holds only that account.
    await cloudformation.send(
      new CreateStackInstancesCommand({
        StackSetName: STACKSET_NAMES.central,
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
        StackSetName: STACKSET_NAMES.members,
        TemplateBody: templates.memberText,
        Tags: [...(templates.stackSetTags[STACKSET_NAMES.members] ?? [])],
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        Capabilities: capabilities,
      }),
    );
    await cloudformation.send(
      new CreateStackInstancesCommand({
        StackSetName: STACKSET_NAMES.members,
        DeploymentTargets: { OrganizationalUnitIds: [...config.organizationalUnits] },
        Regions: [...config.regions],
      }),
    );
    await cloudformation.send(
      new CreateStackSetCommand({
        StackSetName: STACKSET_NAMES.management,
        TemplateBody: templates.memberText,
        Tags: [...(templates.stackSetTags[STACKSET_NAMES.management] ?? [])],
        PermissionModel: 'SELF_MANAGED',
        AdministrationRoleARN: `arn:aws:iam::${config.managementAccountId}:role/TrailGuardAdministration`,
        ExecutionRoleName: 'TrailGuardStackSetExecution',
        Capabilities: capabilities,
      }),
    );
    await cloudformation.send(
      new CreateStackInstancesCommand({
        StackSetName: STACKSET_NAMES.management,
        Accounts: [config.managementAccountId],
        Regions: [...config.regions],
      }),
    );
  } finally {
    cloudformation.destroy();
  }
}

export interface Inbox {
  readonly account: string;
  readonly queueUrl: string;
}

/** The topic the member functions publish to, read from a deployed function's environment. */
export async function topicArnOf(emulator: Emulator, account: string): Promise<string> {
  const fn = await findFunction(emulator, account, HOME);
  return fn.Environment?.Variables?.NOTIFICATION_TOPIC_ARN ?? '';
}

export async function subscribeInbox(
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
    // What the skipped AWS::SNS::Subscription resources would create; moto confirms them at once.
    for (const { address } of config.notificationEmails)
      await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: address }));
    return { account: where.account, queueUrl: QueueUrl ?? '' };
  } finally {
    sqs.destroy();
    sns.destroy();
  }
}

export async function firstInboxDocument(emulator: Emulator, inbox: Inbox): Promise<string | undefined> {
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

export async function findFunction(
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
