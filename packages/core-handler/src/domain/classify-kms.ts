// KMS calls on a key that encrypts a trail: a disabled key, or one pending deletion, makes CloudTrail
// refuse every log file (it cannot encrypt), so both are undone; a new key policy is reported, as
// the previous policy is not in the event.
import type { Remedy } from './assessment';
import { stringParameter } from './event';
import { keyRef, type TrailSetup, trailsUsing } from './trail-setup';
import { type Classifier, resourceTarget, usedBy, verdict } from './verdict';

/** Event name, the summary (`%` is the trail's name; the key is in the resource block), the remedy. */
const CALLS: ReadonlyArray<[string, string, Remedy | null]> = [
  ['DisableKey', 'KMS key of trail % disabled', 'enable-key'],
  ['ScheduleKeyDeletion', 'KMS key of trail % scheduled for deletion', 'cancel-key-deletion'],
  ['PutKeyPolicy', 'Key policy replaced on the KMS key of trail %', null],
];

/** The KMS classifiers, by event name. */
export const KMS_CLASSIFIERS: ReadonlyArray<[string, Classifier<readonly TrailSetup[]>]> = CALLS.map(
  ([name, what, remedy]) => [
    name,
    (event, setups) => {
      const id = stringParameter(event, 'keyId');
      const key = id && keyRef(id, event.region, event.account);
      const trails = key ? trailsUsing(key, setups) : [];
      if (!key || !trails[0]) return null;
      const policy = stringParameter(event, 'policy') ?? '';
      return verdict(
        remedy ? 'critical' : 'high',
        what.replace('%', trails[0].name),
        resourceTarget(key, trails),
        [
          usedBy(trails),
          remedy
            ? 'CloudTrail cannot encrypt with it: no log file is delivered, and a deleted key leaves the logs unreadable'
            : `the new policy ${policy.includes('cloudtrail.amazonaws.com') ? 'names' : 'does NOT name'} cloudtrail.amazonaws.com`,
        ],
        remedy
          ? { undo: remedy }
          : { reason: 'the previous key policy is not in the event, so it is not reverted' },
      );
    },
  ],
);
