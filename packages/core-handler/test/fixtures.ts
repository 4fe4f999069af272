import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiCallEvent, parseEvent } from '../src/domain/event';
import type { Settings } from '../src/domain/settings';

/** Raw event JSON, which tests reach into and change freely. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are untyped JSON by nature.
export type FixtureJson = Record<string, any>;

/** A fixture file as raw JSON (a fresh copy each time, so tests may change it). */
export function fixture(name: string): FixtureJson {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8'));
}

/** A fixture parsed as a CloudTrail API call event. */
export function apiCall(name: string, change?: (raw: FixtureJson) => void): ApiCallEvent {
  const raw = fixture(name);
  change?.(raw);
  const parsed = parseEvent(raw);
  if (!parsed.ok || parsed.event.kind !== 'api-call')
    throw new Error(`fixture ${name} is not an API call event`);
  return parsed.event;
}

/** The account every fixture is in. */
export const FIXTURE_ACCOUNT = '111122223333';
/** The execution role the echo fixture's session was issued by. */
export const FIXTURE_SELF_ROLE = `arn:aws:iam::${FIXTURE_ACCOUNT}:role/TrailGuardHandlerRole`;

/** The handler's settings in the unit tests: as the member stack sets them, with no state table. */
export const FIXTURE_SETTINGS: Settings = {
  topicArn: 'arn:aws:sns:eu-central-1:999988887777:trailguard',
  topicRegion: 'eu-central-1',
  mode: 'remediate',
  exemptPrincipals: [],
  selfRoleArn: FIXTURE_SELF_ROLE,
  sweepIntervalMinutes: 10,
  maxDeliveryGapMinutes: 360,
  stateTableName: null,
  busArn: null,
  securityHub: false,
};
