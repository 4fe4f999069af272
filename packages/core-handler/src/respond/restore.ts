// Remedies for what lies beside the logging switch: a trail's settings, and the KMS key it
// encrypts with. Each reads the state first (a retried invocation changes nothing twice) and
// verifies the result before saying it worked.
import type { TrailControl } from '../adapters/cloudtrail';
import type { KeyControl } from '../adapters/kms';
import { RemediationError } from '../domain/errors';
import type { TrailRef } from '../domain/resources';
import type { TrailSwitch } from '../domain/trail-setup';

/** How a remedy was verified, and whether it changed anything. */
export interface Applied {
  readonly verification: string;
  readonly changed: boolean;
}

/** Turns the switches an UpdateTrail turned off back on (UpdateTrail), verified with GetTrail. */
export async function restoreSwitches(
  control: TrailControl,
  trail: TrailRef,
  switches: readonly TrailSwitch[],
): Promise<Applied> {
  const off = (now: Record<TrailSwitch, boolean>) => switches.filter((s) => !now[s]);
  const before = off(await control.switches(trail));
  if (before.length === 0)
    return { verification: `GetTrail shows ${switches.join(', ')} on; nothing changed`, changed: false };
  await control.switchOn(trail, before);
  const after = off(await control.switches(trail));
  if (after.length > 0)
    throw new RemediationError(`GetTrail still shows ${after.join(', ')} off on ${trail.arn}`, 'NotVerified');
  return { verification: `GetTrail shows ${before.join(', ')} on again`, changed: true };
}

/**
 * Brings a trail's key back to Enabled: cancels a scheduled deletion (which leaves the key
 * disabled), then enables it; verified with DescribeKey.
 */
export async function repairKey(keys: KeyControl, keyId: string): Promise<Applied> {
  const before = await keys.state(keyId);
  if (before === 'Enabled')
    return { verification: 'DescribeKey shows the key Enabled; nothing changed', changed: false };
  if (before === 'PendingDeletion') await keys.cancelDeletion(keyId);
  await keys.enable(keyId);
  const after = await keys.state(keyId);
  if (after !== 'Enabled') throw new RemediationError(`DescribeKey shows ${keyId} ${after}`, 'NotVerified');
  return { verification: `DescribeKey shows the key Enabled (it was ${before})`, changed: true };
}
