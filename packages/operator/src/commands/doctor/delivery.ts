import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from '../../aws-clients';
import type { CheckResult } from '../../checklist';
import { deliveryChecks } from './checks/delivery';
import { type DeliveryFacts, gatherDeliveryFacts } from './delivery-facts';

/**
 * Evaluates the delivery checks (confirmed e-mail subscriptions, the chat channel, Security Hub):
 * doctor shows them after the preflight. `deploy` does not require them: they only hold once
 * deployed, and confirming is up to each recipient. Pure.
 */
export function evaluateDelivery(
  config: TrailGuardConfig,
  facts: DeliveryFacts,
  configFile = 'the configuration file',
): CheckResult[] {
  return deliveryChecks({ config, configFile }).map((check) => ({
    id: check.id,
    title: check.title,
    ...(check.notApplicable
      ? { status: 'not-applicable' as const, detail: check.notApplicable }
      : check.evaluate(facts)),
  }));
}

/** Reads the security account's topics (and Security Hub) and evaluates the delivery checks. */
export async function runDeliveryChecks(
  config: TrailGuardConfig,
  clients: AwsClients,
  configFile?: string,
): Promise<CheckResult[]> {
  return evaluateDelivery(config, await gatherDeliveryFacts(config, clients), configFile);
}
