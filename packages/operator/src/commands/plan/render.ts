import { plural, renderTable } from '../../output';
import { renderCost } from './cost';
import type { AccountDisposition, DeploymentPlan } from './deployment-plan';
import { renderRollout } from './rollout';
import { renderDeploymentUnits } from './what-goes-where';

const DISPOSITION_TEXT: Record<AccountDisposition, string> = {
  protected: 'protected',
  excluded: 'excluded (config)',
  suspended: 'skipped: not active',
  management: 'management StackSet',
};

/** The plan as a person reads it: what goes where, then (online) every account under the OUs. */
export function renderPlan(plan: DeploymentPlan): string {
  const set = plan.memberStackSet;
  const lines = [
    plan.mode === 'offline'
      ? 'Plan from the configuration alone (offline; run with AWS credentials to list the accounts under the OUs)'
      : 'Plan for the organization as it is now',
    '',
    renderDeploymentUnits(plan.units),
  ];
  if (plan.mode === 'online') {
    const ous = set.organizationalUnits
      .map((ou) => (ou.name ? `${ou.id} (${ou.name})` : ou.found === false ? `${ou.id} (NOT FOUND)` : ou.id))
      .join(', ');
    lines.push('', `Organizational units: ${ous} — nested OUs included`);
  }
  if (plan.accounts && plan.totals) {
    lines.push('');
    const visible = plan.accounts.filter((a) => a.disposition !== 'management');
    lines.push(
      renderTable(
        ['ACCOUNT', 'NAME', 'OU', 'STATE', 'TRAILGUARD', 'REGIONS'],
        plan.accounts.map((a) => [
          a.id,
          a.name,
          a.path,
          a.state,
          DISPOSITION_TEXT[a.disposition],
          a.regions.length ? a.regions.join(',') : '-',
        ]),
      ),
    );
    lines.push('');
    lines.push(
      `${plural(plan.totals.protectedAccounts, 'account')} × ${plural(set.regions.length, 'region')} = ${plural(plan.totals.stackInstances, 'stack instance')}` +
        `; ${plan.totals.excluded} excluded, ${plan.totals.suspended} not active, ${visible.length} under the OUs` +
        `; plus the management account in ${plural(plan.managementAccount.regions.length, 'region')}`,
    );
  }
  lines.push('', renderRollout(plan.rollout, plan.totals?.protectedAccounts));
  lines.push('', renderCost(plan.cost));
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  for (const error of plan.errors ?? []) lines.push(`error: ${error}.`);
  return lines.join('\n');
}
