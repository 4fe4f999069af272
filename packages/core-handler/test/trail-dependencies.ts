// What the tests of a trail's dependencies share: settings, the trails' setups as DescribeTrails
// gives them (ours, and an organization trail of the management account), and helpers.
import { type Decision, decide } from '../src/domain/decide';
import { incidentEventOf } from '../src/domain/incident';
import { renderNotification } from '../src/domain/notification';
import type { Settings } from '../src/domain/settings';
import { setupsOf } from '../src/domain/trail-setup';
import { apiCall, FIXTURE_ACCOUNT, FIXTURE_SETTINGS, type FixtureJson } from './fixtures';

export const settings: Settings = FIXTURE_SETTINGS;

export const KEY = '8f3d2c1b-5a6e-4d7f-9b0c-1e2f3a4b5c6d';
export const KEY_ARN = `arn:aws:kms:eu-west-1:${FIXTURE_ACCOUNT}:key/${KEY}`;
export const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${FIXTURE_ACCOUNT}:trail/management-events`;
export const BUCKET = `management-events-logs-${FIXTURE_ACCOUNT}`;
export const LOG_GROUP_ARN = `arn:aws:logs:eu-west-1:${FIXTURE_ACCOUNT}:log-group:/aws/cloudtrail/management-events:*`;

/** The trails as DescribeTrails lists them: ours, and an organization trail of the management account. */
export const setups = setupsOf(
  [
    {
      TrailARN: TRAIL_ARN,
      S3BucketName: BUCKET,
      KmsKeyId: KEY_ARN,
      CloudWatchLogsLogGroupArn: LOG_GROUP_ARN,
    },
    {
      TrailARN: 'arn:aws:cloudtrail:us-east-1:999988887777:trail/org-trail',
      S3BucketName: 'org-archive-logs',
    },
  ],
  'eu-west-1',
);

export const decideWith = (
  name: string,
  change?: (raw: FixtureJson) => void,
  mode: Settings['mode'] = 'remediate',
) => decide(apiCall(name, change), { ...settings, mode }, setups);

export const params = (values: Record<string, unknown>) => (raw: FixtureJson) => {
  raw.detail.requestParameters = { ...raw.detail.requestParameters, ...values };
};

export const documentOf = (name: string, decision: Decision) => {
  if (decision.kind === 'silent') throw new Error('silent');
  return JSON.parse(
    JSON.parse(
      renderNotification({
        event: incidentEventOf(apiCall(name)),
        actor: apiCall(name).actor,
        assessment: decision.assessment,
        response: { actions: [], outcome: 'not-applicable', verified: false, reason: 'x' },
      }).message,
    ).default,
  );
};
