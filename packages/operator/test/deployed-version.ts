import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { buildApp, STACKSET_NAMES, TEMPLATE_FILES } from '@trailguard/central-stack';
import type { TrailGuardConfig } from '@trailguard/config';
import { type Emulator, scratchDir, type TestOrganization } from '@trailguard/test';
import type { AppBuilder } from '../src/cdk/assembly';
import type { CfnTemplate } from '../src/stackset-diff/template-diff';
import { createStandInParentStack, standardConfig } from './kit';

/** TrailGuard's real app, without the slow CloudFormation validator (the templates are the same). */
export const quickApp: AppBuilder = (config, props) =>
  buildApp(config, { ...props, validateTemplates: false });

/** The three templates of TrailGuard's app for a configuration, synthesized into a fresh directory. */
export function synthesizeTemplates(config: TrailGuardConfig) {
  const outdir = path.join(scratchDir('trailguard-version-'), 'cdk.out');
  quickApp(config, { outdir }).synth();
  const read = (file: string) => JSON.parse(readFileSync(path.join(outdir, file), 'utf8')) as CfnTemplate;
  return {
    outdir,
    parent: read(TEMPLATE_FILES.parent),
    member: read(TEMPLATE_FILES.member),
    central: read(TEMPLATE_FILES.central),
  };
}

/** What a test says is deployed: the templates and where the member StackSet has instances. */
export interface DeployedVersion {
  readonly parent: CfnTemplate;
  readonly member: CfnTemplate;
  readonly central: CfnTemplate;
  /** OUs the member StackSet has instances in (moto creates the member resources there). */
  readonly memberOus: readonly string[];
  readonly regions: readonly string[];
}

/**
 * Puts an earlier version of TrailGuard in the emulator the way CloudFormation would leave it:
 * the parent stack, the member StackSet with instances in `memberOus` × `regions`, the
 * management account's StackSet and the central StackSet (no instances: moto cannot create the
 * central key with tags). The emulator has no
 * AWS::CloudFormation::StackSet resource, so the StackSets are made through the API.
 */
export async function deployVersion(emulator: Emulator, version: DeployedVersion): Promise<void> {
  await createStandInParentStack(emulator, JSON.stringify(version.parent));
  const cloudformation = await emulator.client(CloudFormationClient, { region: 'eu-west-1' });
  try {
    await cloudformation.send(
      new CreateStackSetCommand({
        StackSetName: STACKSET_NAMES.members,
        TemplateBody: JSON.stringify(version.member),
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    if (version.memberOus.length) {
      await cloudformation.send(
        new CreateStackInstancesCommand({
          StackSetName: STACKSET_NAMES.members,
          DeploymentTargets: { OrganizationalUnitIds: [...version.memberOus] },
          Regions: [...version.regions],
        }),
      );
    }
    await cloudformation.send(
      new CreateStackSetCommand({
        StackSetName: STACKSET_NAMES.management,
        TemplateBody: JSON.stringify(version.member),
        PermissionModel: 'SELF_MANAGED',
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    await cloudformation.send(
      new CreateStackSetCommand({
        StackSetName: STACKSET_NAMES.central,
        TemplateBody: JSON.stringify(version.central),
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: false },
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
  } finally {
    cloudformation.destroy();
  }
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/**
 * The member template of an earlier version: notify-only (its configuration), without the event
 * data store statement and the dead-letter alarm, and with a topic since dropped.
 */
export function earlierMember(member: CfnTemplate): CfnTemplate {
  const copy = structuredClone(member) as { Resources: Resources };
  for (const [id, resource] of Object.entries(copy.Resources)) {
    if (resource.Type === 'AWS::CloudWatch::Alarm' && id.includes('DeadLetters')) delete copy.Resources[id];
    const policies = resource.Properties?.Policies as
      | Array<{ PolicyDocument: { Statement: Array<{ Sid?: string }> } }>
      | undefined;
    for (const policy of policies ?? []) {
      policy.PolicyDocument.Statement = policy.PolicyDocument.Statement.filter(
        (s) => s.Sid !== 'EventDataStoresOfThisAccount',
      );
    }
  }
  copy.Resources.MemberLegacyTopic = {
    Type: 'AWS::SNS::Topic',
    Properties: { TopicName: 'trailguard-legacy' },
  };
  return copy;
}

/**
 * The earlier version the diff tests compare against, deployed: notify-only, no prevention, the
 * member StackSet in the Workloads OU only, in eu-west-1 and us-east-1.
 */
export async function deployEarlierVersion(emulator: Emulator, org: TestOrganization): Promise<void> {
  const before = synthesizeTemplates(
    standardConfig(org, { remediationMode: 'notify-only', prevention: { enabled: false } }),
  );
  await deployVersion(emulator, {
    parent: before.parent,
    member: earlierMember(before.member),
    central: before.central,
    memberOus: [org.ous.Workloads ?? ''],
    regions: ['eu-west-1', 'us-east-1'],
  });
}
