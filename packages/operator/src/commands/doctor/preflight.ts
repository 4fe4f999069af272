import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from '../../aws-clients';
import type { CheckResult } from '../../checklist';
import { allFeaturesCheck } from './checks/all-features';
import { bootstrapCheck } from './checks/bootstrap';
import { bootstrapResourcesCheck } from './checks/bootstrap-resources';
import type { CheckSettings, PreflightCheck, SignedInFacts, Verdict } from './checks/check';
import { credentialsCheck } from './checks/credentials';
import { delegatedAdministratorCheck } from './checks/delegated-administrator';
import { deployerPermissionsCheck } from './checks/deployer-permissions';
import { managementAccountCheck } from './checks/management-account';
import { organizationCheck } from './checks/organization';
import { organizationalUnitChecks } from './checks/organizational-units';
import { regionsCheck } from './checks/regions';
import { securityAccountCheck } from './checks/security-account';
import { serviceControlPoliciesCheck } from './checks/service-control-policies';
import { trustedAccessCheck } from './checks/trusted-access';
import { gatherPreflightFacts, type PreflightFacts } from './facts';

/** Every check that needs working credentials, in the order the checklist shows them. */
export function preflightChecks(settings: CheckSettings): PreflightCheck[] {
  return [
    managementAccountCheck(settings),
    delegatedAdministratorCheck(settings),
    organizationCheck(settings),
    allFeaturesCheck(settings),
    serviceControlPoliciesCheck(settings),
    trustedAccessCheck(settings),
    ...organizationalUnitChecks(settings),
    securityAccountCheck(settings),
    bootstrapCheck(settings),
    bootstrapResourcesCheck(settings),
    regionsCheck(settings),
    deployerPermissionsCheck(settings),
  ];
}

function toResult(check: { id: string; title: string }, verdict: Verdict): CheckResult {
  return { id: check.id, title: check.title, ...verdict };
}

function signedIn(facts: PreflightFacts): SignedInFacts | undefined {
  const { caller, organization } = facts;
  return caller.ok && organization ? { ...facts, caller, organization } : undefined;
}

/**
 * Evaluates every check against the facts: the checklist `doctor` prints and `deploy`,
 * `destroy` and the demo require. A check that does not apply to the configuration is reported
 * as such; without working credentials the others are skipped. Pure.
 */
export function evaluatePreflight(
  config: TrailGuardConfig,
  facts: PreflightFacts,
  configFile = 'the configuration file',
): CheckResult[] {
  const settings = { config, configFile };
  const credentials = credentialsCheck(settings);
  const known = signedIn(facts);
  return [
    toResult(credentials, credentials.evaluate(facts.caller)),
    ...preflightChecks(settings).map((check): CheckResult => {
      if (check.notApplicable)
        return toResult(check, { status: 'not-applicable', detail: check.notApplicable });
      if (!known)
        return { id: check.id, title: check.title, status: 'skipped', detail: 'needs working credentials' };
      return toResult(check, check.evaluate(known));
    }),
  ];
}

/** Gathers the facts and evaluates them. */
export async function runPreflight(
  config: TrailGuardConfig,
  clients: AwsClients,
  configFile?: string,
): Promise<CheckResult[]> {
  return evaluatePreflight(config, await gatherPreflightFacts(config, clients), configFile);
}
