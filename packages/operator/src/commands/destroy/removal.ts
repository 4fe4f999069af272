import {
  MANAGEMENT_EXECUTION_ROLE_NAME,
  PARENT_STACK_ID,
  STACKSET_NAMES,
} from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import { FUNCTION_LOG_GROUP, TRAILGUARD_NAMES } from '@trailguard/member-stack/names';
import { plural } from '../../output';
import type { StackInstanceFact } from '../coverage/coverage';
import type { DeployedStackSet, Inventory } from './inventory';

// What `pnpm run destroy` removes, in which order, and what stays. Pure functions of the
// synthesized parent template, the inventory and the configuration.

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | readonly string[];
}

/** The parts of a CloudFormation template the deletion order needs. */
export interface ParentTemplate {
  readonly Resources: Readonly<Record<string, TemplateResource>>;
}

/** Logical ids a value refers to (`Ref`, `Fn::GetAtt`), at any depth. */
function references(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) references(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') into.add(inner);
      else if (key === 'Fn::GetAtt')
        into.add(Array.isArray(inner) ? String(inner[0]) : (String(inner).split('.')[0] ?? ''));
      else references(inner, into);
    }
  }
  return into;
}

/**
 * The StackSets of the parent template in the order CloudFormation deletes them with the stack:
 * a resource goes only once everything that depends on it (DependsOn, Ref, GetAtt) is gone.
 * StackSets of one wave are deleted in parallel.
 */
export function stackSetDeletionWaves(template: ParentTemplate): string[][] {
  const ids = Object.keys(template.Resources);
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [id, resource] of Object.entries(template.Resources)) {
    const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
    for (const dep of [...dependsOn, ...references(resource.Properties, new Set())]) {
      dependents.get(dep)?.push(id);
    }
  }
  const wave = new Map<string, number>();
  const waveOf = (id: string): number => {
    const known = wave.get(id);
    if (known !== undefined) return known;
    const value = Math.max(-1, ...(dependents.get(id) ?? []).map(waveOf)) + 1;
    wave.set(id, value);
    return value;
  };
  const waves: string[][] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::CloudFormation::StackSet') continue;
    const index = waveOf(id);
    waves[index] = [...(waves[index] ?? []), String(resource.Properties?.StackSetName ?? id)];
  }
  return waves.filter((w) => w !== undefined);
}

function describeInstances(instances: readonly StackInstanceFact[]): string {
  if (instances.length === 0) return 'no stack instances';
  const accounts = new Set(instances.map((i) => i.account));
  const regions = [...new Set(instances.map((i) => i.region))];
  return `${plural(instances.length, 'stack instance')} (${plural(accounts.size, 'account')} × ${regions.join(', ')})`;
}

/** What will be removed, in the order it goes, for the person about to confirm. */
export function renderRemovalPlan(
  inventory: Inventory,
  waves: readonly string[][],
  config: TrailGuardConfig,
): string {
  const parent = inventory.parentStack;
  if (!parent) return '';
  const deployed = new Map(inventory.stackSets.map((s) => [s.name, s]));
  const lines = [
    `\`cdk destroy\` deletes the stack ${parent.name} (${parent.status}) in ${config.homeRegion}. CloudFormation deletes`,
    'the stack instances of each StackSet before the StackSet, and each StackSet before what it depends on:',
  ];
  let step = 0;
  for (const wave of waves) {
    const present = wave.flatMap((name) => deployed.get(name) ?? []);
    if (present.length === 0) continue;
    step += 1;
    present.forEach((set, index) => {
      const label = index === 0 ? `${step}.`.padEnd(3) : '   ';
      lines.push(`  ${label} ${set.name}: ${describeInstances(set.instances)}, then the StackSet`);
    });
  }
  const holds = [
    "the management StackSet's roles",
    ...(config.prevention.enabled ? ['the prevention SCP'] : []),
  ];
  lines.push(`  ${`${step + 1}.`.padEnd(3)} the stack ${parent.name} itself: ${holds.join(', ')}`);
  return lines.join('\n');
}

/** What `pnpm run destroy` leaves, and what goes that someone may want to keep. */
export function renderWhatStays(config: TrailGuardConfig): string {
  const where = `security account ${config.securityAccountId}, ${config.homeRegion}`;
  const lines = [
    'What stays:',
    `  - the KMS key of the notification topic (${where}): kept on purpose`,
    '    (RemovalPolicy RETAIN), about $1 a month. Note its ARN there before its alias goes:',
    `    \`aws kms describe-key --key-id alias/${TRAILGUARD_NAMES.topic} --region ${config.homeRegion}\`; once nobody`,
    '    needs it: `aws kms schedule-key-deletion --key-id <ARN> --pending-window-in-days 30`.',
    '  - the CDK bootstrap stack (CDKToolkit) of the deploying account, with the templates it stored;',
    '    other CDK apps use it.',
    '  - organization settings: trusted access for StackSets, any delegated administrator registration.',
    ...(config.stackSet.callAs === 'DELEGATED_ADMIN'
      ? [`  - the role ${MANAGEMENT_EXECUTION_ROLE_NAME} you created by hand in the management account.`]
      : []),
    '  - stack instances in suspended accounts, which StackSets skip; they go when AWS closes the account.',
    `  - the function's log groups ${FUNCTION_LOG_GROUP}/<stack id> in every account and region, with`,
    `    their logs: kept on purpose (RemovalPolicy RETAIN) as the record of what TrailGuard did, until`,
    `    their retention (${config.logRetentionDays} days) ends. To remove one sooner, in its account and region:`,
    `    \`aws logs delete-log-group --log-group-name ${FUNCTION_LOG_GROUP}/<stack id> --region <region>\`.`,
    'What goes with the stacks (export it first if you need it):',
    `  - the event archive ${TRAILGUARD_NAMES.bus} and every event in it (${where}).`,
  ];
  return lines.join('\n');
}

function deleteCommands(set: DeployedStackSet, config: TrailGuardConfig): string[] {
  const region = `--region ${config.homeRegion}`;
  const callAs = set.callAs === 'DELEGATED_ADMIN' ? ' --call-as DELEGATED_ADMIN' : '';
  const commands: string[] = [];
  if (set.instances.length) {
    const regions = [...new Set(set.instances.map((i) => i.region))].join(' ');
    let targets: string;
    if (set.permissionModel === 'SELF_MANAGED') {
      targets = `--accounts ${[...new Set(set.instances.map((i) => i.account))].join(' ')}`;
    } else {
      const ous = [...new Set(set.instances.flatMap((i) => i.organizationalUnitId ?? []))];
      const deployment =
        set.name === STACKSET_NAMES.central
          ? {
              OrganizationalUnitIds: ous.length ? ous : [config.organizationRootId],
              Accounts: [config.securityAccountId],
              AccountFilterType: 'INTERSECTION',
            }
          : { OrganizationalUnitIds: ous.length ? ous : config.organizationalUnits };
      targets = `--deployment-targets '${JSON.stringify(deployment)}'`;
    }
    commands.push(
      `aws cloudformation delete-stack-instances --stack-set-name ${set.name} ${region} ${targets} --regions ${regions} --no-retain-stacks${callAs}`,
    );
  }
  commands.push(`aws cloudformation delete-stack-set --stack-set-name ${set.name} ${region}${callAs}`);
  return commands;
}

/** What is still deployed after `cdk destroy` (or without a parent stack), with how to remove it. */
export function renderLeftovers(inventory: Inventory, config: TrailGuardConfig): string {
  const lines = ['Still deployed:'];
  const parent = inventory.parentStack;
  if (parent) {
    lines.push(
      `  the stack ${parent.name} (${parent.status}): see why with`,
      `    aws cloudformation describe-stack-events --stack-name ${PARENT_STACK_ID} --region ${config.homeRegion}`,
      '  then fix the cause and run `pnpm run destroy` again.',
    );
  }
  for (const set of inventory.stackSets) {
    lines.push(
      `  the StackSet ${set.name}, ${describeInstances(set.instances)}${parent ? '' : ', without the stack that created it'}.`,
      set.instances.length
        ? '  Delete its stack instances, wait for the operation to finish, then the StackSet:'
        : '  Delete the StackSet:',
      ...deleteCommands(set, config).map((c) => `    ${c}`),
    );
  }
  return lines.join('\n');
}
