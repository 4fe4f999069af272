// Whose event is it? EventBridge delivers to a function only the events of its own account and
// region, and refuses PutEvents with an `aws.` source, so an event naming another account or region
// can only come from a direct lambda:Invoke by someone crafting it.
import type { InboundEvent } from './event';

/** The account and region a function serves. */
export interface FunctionHome {
  readonly account: string;
  readonly region: string;
}

/** The account and region of a function ARN (qualified or not), or null when it is not one. */
export function functionHome(arn: unknown): FunctionHome | null {
  const [prefix, , service, region, account] = typeof arn === 'string' ? arn.split(':') : [];
  return prefix === 'arn' && service === 'lambda' && region && account ? { region, account } : null;
}

/**
 * Why the function refuses the event, or null when the event is of its own account and region:
 * the account and region the event claims, and those the function serves.
 */
export function foreignEventReason(event: InboundEvent, home: FunctionHome): string | null {
  if (event.account === home.account && event.region === home.region) return null;
  return `the event claims account ${JSON.stringify(event.account)} region ${JSON.stringify(event.region)}; this function serves account ${home.account} region ${home.region}`;
}
