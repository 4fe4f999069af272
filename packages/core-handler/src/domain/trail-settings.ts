// UpdateTrail. Turning off multi-region logging, global service events or log file validation is
// undone: TrailGuard turns them back on and verifies with GetTrail. Setting the trail's bucket, key
// or log group is reported critical and never reverted: TrailGuard cannot know that the old
// destination is still right. The event shows only the new value, and the console re-sends an
// unchanged bucket name, so the notice says what was set, never that it moved.
import type { Target } from './assessment';
import { type ApiCallEvent, stringParameter } from './event';
import { trailRef } from './resources';
import type { TrailSwitch } from './trail-setup';
import { untrustedName, untrustedValue } from './untrusted';
import { type Verdict, verdict } from './verdict';

/** The switches TrailGuard turns back on: UpdateTrail's field (the request parameter in camelCase) and its name. */
const SWITCHES: ReadonlyArray<[TrailSwitch, string]> = [
  ['IsMultiRegionTrail', 'multi-region logging'],
  ['IncludeGlobalServiceEvents', 'global service events (IAM, STS)'],
  ['EnableLogFileValidation', 'log file validation'],
];

/** Where a trail delivers: request parameter and its name. */
const DESTINATIONS: ReadonlyArray<[string, string]> = [
  ['s3BucketName', 'log bucket'],
  ['kmsKeyId', 'KMS key'],
  ['cloudWatchLogsLogGroupArn', 'CloudWatch Logs group'],
];

const parameterOf = (field: string) => field[0]?.toLowerCase() + field.slice(1);
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Rates an UpdateTrail and, when it turned switches off, says which to turn back on. */
export function updateTrail(event: ApiCallEvent): Verdict {
  const params = event.parameters ?? {};
  const name = stringParameter(event, 'name');
  const off = SWITCHES.filter(([field]) => params[parameterOf(field)] === false);
  const moved = DESTINATIONS.filter(([key]) => key in params);
  const rated = [
    'name',
    ...SWITCHES.map(([field]) => parameterOf(field)),
    ...DESTINATIONS.map(([key]) => key),
  ];
  const details = [
    ...off.map(([, words]) => `${words} turned off`),
    ...moved.map(
      ([key, words]) =>
        `${words} set to ${untrustedValue(params[key] || 'none')}; the event does not show the previous one, which may be the same`,
    ),
    ...Object.entries(params)
      .filter(([key]) => !rated.includes(key))
      .map(([key, value]) => `${untrustedName(key)} set to ${untrustedValue(value)}`),
  ];
  const weakened = off.length > 0 || params.isOrganizationTrail === false;
  const trail = name ? trailRef(name, event.region, event.account) : null;
  const label = trail ? `trail ${untrustedName(trail.name)}` : 'an unnamed trail';
  const [only] = moved.length === 1 ? moved : [];
  const summary = moved.length
    ? upperFirst(
        `${moved.map(([, words]) => words).join(', ')} of ${label} set${
          only ? ` to ${untrustedName(String(params[only[0]] || 'none'))}` : ''
        }`,
      )
    : upperFirst(`${label} ${weakened ? 'weakened' : 'changed'}`);
  const severity = moved.length ? 'critical' : weakened ? 'high' : 'medium';
  const target: Target = trail
    ? { kind: 'trail', trail, ...(off.length ? { restore: off.map(([field]) => field) } : {}) }
    : { kind: 'unknown', name: null };
  return verdict(
    severity,
    summary,
    target,
    details,
    trail && off.length
      ? { undo: 'restore-trail-settings' }
      : {
          reason: moved.length
            ? 'a destination is never reverted: TrailGuard cannot know the old one is still right'
            : 'trail settings are reported, not reverted: the previous values are not in the event',
        },
  );
}

/**
 * Whether an UpdateTrail only turns switches on (what restore-trail-settings sends): the healthy
 * state, so TrailGuard's own such call is an echo.
 */
export function onlyRestoresSwitches(event: ApiCallEvent): boolean {
  const entries = Object.entries(event.parameters ?? {}).filter(([key]) => key !== 'name');
  return (
    entries.length > 0 &&
    entries.every(([key, value]) => value === true && SWITCHES.some(([f]) => parameterOf(f) === key))
  );
}
