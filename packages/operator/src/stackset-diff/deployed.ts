import {
  CloudFormationClient,
  DescribeStackSetCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { PARENT_STACK_ID, STACKSET_NAMES } from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import { parse as parseYaml } from 'yaml';
import { type AwsClients, awsErrorName } from '../aws-clients';
import type { StackInstanceFact } from '../commands/coverage/coverage';
import { listStackInstances } from '../commands/coverage/stack-instances';
import type { CfnTemplate } from './template-diff';

/** What CloudFormation holds for the parent stack or one StackSet. */
export interface DeployedUnit {
  /** The stack or StackSet name. */
  readonly name: string;
  /** The deployed template; absent when nothing is deployed under that name. */
  readonly template?: CfnTemplate;
  /** The StackSet's parameters, by key. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The StackSet's stack instances. */
  readonly instances?: readonly StackInstanceFact[];
  /** Why it could not be read (AccessDenied…), when it could not. */
  readonly error?: string;
}

/** The parent stack and TrailGuard's StackSets as deployed. */
export interface DeployedTemplates {
  readonly parent: DeployedUnit;
  /** By StackSet name. */
  readonly stackSets: Readonly<Record<string, DeployedUnit>>;
}

/** A template body as CloudFormation returns it: JSON, or YAML for a template written so. */
export function parseTemplateBody(body: string): CfnTemplate {
  try {
    return JSON.parse(body) as CfnTemplate;
  } catch {
    return parseYaml(body) as CfnTemplate;
  }
}

const notFound = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'StackSetNotFoundException' ||
    (error.name === 'ValidationError' && /does not exist/.test(error.message)));

async function attempt(name: string, read: () => Promise<DeployedUnit>): Promise<DeployedUnit> {
  try {
    return await read();
  } catch (error) {
    if (notFound(error)) return { name };
    return {
      name,
      error: `${awsErrorName(error)}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function readParent(cloudformation: CloudFormationClient): Promise<DeployedUnit> {
  return attempt(PARENT_STACK_ID, async () => {
    const { TemplateBody } = await cloudformation.send(
      new GetTemplateCommand({ StackName: PARENT_STACK_ID, TemplateStage: 'Original' }),
    );
    return { name: PARENT_STACK_ID, ...(TemplateBody ? { template: parseTemplateBody(TemplateBody) } : {}) };
  });
}

function readStackSet(
  cloudformation: CloudFormationClient,
  name: string,
  callAs: 'SELF' | 'DELEGATED_ADMIN',
): Promise<DeployedUnit> {
  return attempt(name, async () => {
    const { StackSet } = await cloudformation.send(
      new DescribeStackSetCommand({ StackSetName: name, CallAs: callAs }),
    );
    if (!StackSet?.TemplateBody || StackSet.Status === 'DELETED') return { name };
    const parameters = Object.fromEntries(
      (StackSet.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']),
    );
    return {
      name,
      template: parseTemplateBody(StackSet.TemplateBody),
      parameters,
      instances: await listStackInstances(cloudformation, name, callAs),
    };
  });
}

/**
 * Reads the deployed parent template (GetTemplate) and each StackSet's template, parameters and
 * stack instances (DescribeStackSet, ListStackInstances), in the home region where they live.
 */
export async function readDeployedTemplates(
  config: TrailGuardConfig,
  clients: AwsClients,
): Promise<DeployedTemplates> {
  const cloudformation = clients.client(CloudFormationClient, config.homeRegion);
  const callAs = config.stackSet.callAs;
  const [parent, members, management, central] = await Promise.all([
    readParent(cloudformation),
    readStackSet(cloudformation, STACKSET_NAMES.members, callAs),
    // A self-managed StackSet is always called as its owner.
    readStackSet(cloudformation, STACKSET_NAMES.management, 'SELF'),
    readStackSet(cloudformation, STACKSET_NAMES.central, callAs),
  ]);
  return { parent, stackSets: Object.fromEntries([members, management, central].map((s) => [s.name, s])) };
}
