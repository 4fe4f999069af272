import {
  CloudFormationClient,
  DescribeStackSetCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { PARENT_STACK_ID, STACKSET_NAMES } from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from '../../aws-clients';
import type { StackInstanceFact } from '../coverage/coverage';
import { listStackInstances } from '../coverage/stack-instances';

/** A StackSet of TrailGuard's that exists, with its stack instances. */
export interface DeployedStackSet {
  readonly name: string;
  readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
  readonly permissionModel: string;
  readonly instances: readonly StackInstanceFact[];
}

/** What of TrailGuard is deployed, as CloudFormation reports it in the home region. */
export interface Inventory {
  /** The parent stack, absent when it is not deployed. */
  readonly parentStack?: { readonly name: string; readonly status: string };
  /** The StackSets that exist, whether or not the parent stack does. */
  readonly stackSets: readonly DeployedStackSet[];
}

/** Whether nothing of TrailGuard is deployed. */
export function isEmpty(inventory: Inventory): boolean {
  return !inventory.parentStack && inventory.stackSets.length === 0;
}

const named = (error: unknown, ...names: string[]) => error instanceof Error && names.includes(error.name);

/** Reads the parent stack and each StackSet (with its instances) from the caller's account. */
export async function readInventory(config: TrailGuardConfig, clients: AwsClients): Promise<Inventory> {
  // The parent stack and the StackSets it creates are in the home region.
  const cloudformation = clients.client(CloudFormationClient, config.homeRegion);
  const serviceManaged = config.stackSet.callAs;
  const [parentStack, ...stackSets] = await Promise.all([
    readParentStack(cloudformation),
    readStackSet(cloudformation, STACKSET_NAMES.members, serviceManaged),
    // A self-managed StackSet is always called as its owner.
    readStackSet(cloudformation, STACKSET_NAMES.management, 'SELF'),
    readStackSet(cloudformation, STACKSET_NAMES.central, serviceManaged),
  ]);
  return {
    ...(parentStack ? { parentStack } : {}),
    stackSets: stackSets.filter((s): s is DeployedStackSet => s !== undefined),
  };
}

async function readParentStack(cloudformation: CloudFormationClient) {
  try {
    const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: PARENT_STACK_ID }));
    const stack = Stacks?.[0];
    return stack ? { name: PARENT_STACK_ID, status: stack.StackStatus ?? 'UNKNOWN' } : undefined;
  } catch (error) {
    // CloudFormation answers a stack that does not exist with a ValidationError.
    if (named(error, 'ValidationError') && /does not exist/.test((error as Error).message)) return undefined;
    throw error;
  }
}

async function readStackSet(
  cloudformation: CloudFormationClient,
  name: string,
  callAs: 'SELF' | 'DELEGATED_ADMIN',
): Promise<DeployedStackSet | undefined> {
  try {
    const { StackSet } = await cloudformation.send(
      new DescribeStackSetCommand({ StackSetName: name, CallAs: callAs }),
    );
    if (!StackSet || StackSet.Status === 'DELETED') return undefined;
    const instances = await listStackInstances(cloudformation, name, callAs);
    return { name, callAs, permissionModel: StackSet.PermissionModel ?? 'SELF_MANAGED', instances };
  } catch (error) {
    if (named(error, 'StackSetNotFoundException')) return undefined;
    throw error;
  }
}
