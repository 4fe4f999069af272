import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
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
import { buildApp } from '@trailguard/central-stack';
import { STACKSET_NAMES } from '@trailguard/central-stack/names';
import { parseConfig, type TrailGuardConfig } from '@trailguard/config';
import { EMULATOR_DEFAULT_ACCOUNT, type Emulator, type TestOrganization } from '@trailguard/test';
import { bootstrapBucketName, bootstrapRoleNames, CDK_BOOTSTRAP_PARAMETER } from '../../cdk/bootstrap';
import { STACKSETS_SERVICE_PRINCIPAL } from '../doctor/facts';

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

export async function prepare(emulator: Emulator): Promise<void> {
  const organizations = await emulator.client(OrganizationsClient);
  await organizations.send(
    new EnableAWSServiceAccessCommand({ ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL }),
  );
  organizations.destroy();
  await emulateCdkBootstrap(emulator, HOME);
}

/**
 * What `cdk bootstrap` leaves in the emulator's default (management) account and a region: its
 * version parameter, asset bucket and roles. The emulator cannot run the bootstrap stack itself.
 */
export async function emulateCdkBootstrap(emulator: Emulator, region: string): Promise<void> {
  const account = EMULATOR_DEFAULT_ACCOUNT;
  const ssm = await emulator.client(SSMClient, { region });
  const s3 = await emulator.client(S3Client, { region });
  const iam = await emulator.client(IAMClient, { region });
  try {
    await ssm.send(
      new PutParameterCommand({
        Name: CDK_BOOTSTRAP_PARAMETER,
        Value: '27',
        Type: 'String',
        Overwrite: true,
      }),
    );
    // Bootstrapping again finds what is there: creating it twice is not an error.
    const again = (error: unknown) => {
      if (!(error instanceof Error && /AlreadyOwnedByYou|EntityAlreadyExists/.test(error.name))) throw error;
    };
    await s3
      .send(
        new CreateBucketCommand({
          Bucket: bootstrapBucketName(account, region),
          ...(region === 'us-east-1'
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
        }),
      )
      .catch(again);
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' },
      ],
    };
    for (const RoleName of bootstrapRoleNames(account, region)) {
      await iam
        .send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(trust) }))
        .catch(again);
    }
  } finally {
    ssm.destroy();
    s3.destroy();
    iam.destroy();
  }
}

export interface Templates {
  readonly centralText: string;
  readonly memberText: string;
}

/** Synthesizes the real app and picks the two StackSet templates by what they contain. */
export function synthesize(config: TrailGuardConfig): Templates {
  const outdir = mkdtempSync(path.join(tmpdir(), 'trailguard-demo-'));
  let files: string[];
  let texts: string[];
  try {
    buildApp(config, { outdir, validateTemplates: false }).synth();
    files = readdirSync(outdir).filter((f) => f.endsWith('.stackset.template.json'));
    texts = files.map((f) => readFileSync(path.join(outdir, f), 'utf8'));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  const memberText = texts.find((t) => t.includes('"AWS::Lambda::Function"'));
  const centralText = texts.find((t) => t.includes('"AWS::SNS::Topic"'));
  if (!memberText || !centralText) {
    throw new Error(
      `the synthesized app has no member or no central StackSet template (${files.join(', ') || 'none'})`,
    );
  }
  return { centralText, memberText };
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
