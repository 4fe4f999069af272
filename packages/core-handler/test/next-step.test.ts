import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { nextStepOf } from '../src/domain/next-step';
import type { ResponseDocument } from '../src/domain/notification';
import { VERIFICATION_NEXT_STEPS } from '../src/domain/verification';

const jane = 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/jane';
const verified: ResponseDocument = {
  action: 'start-logging',
  outcome: 'succeeded',
  verified: true,
  reason: 'ok',
};

/** The facts of an incident: `name` by `actor` (null: nobody known), with `response`. */
const facts = (
  name: string,
  actor: string | null,
  response: ResponseDocument,
  errorCode: string | null = null,
) => ({
  event: { name, errorCode },
  actor: { arn: actor },
  response,
});

describe('the next step of an incident', () => {
  it('says to act now when the repair failed, whoever made the change', () => {
    for (const actor of [jane, null])
      expect(
        nextStepOf(facts('StopLogging', actor, { ...verified, outcome: 'failed', verified: false })),
      ).toMatch(/^Act now: repair it by hand in the CloudTrail console/);
  });

  it('names nobody for a sweep finding of unknown cause, and points at event history instead', () => {
    const step = nextStepOf(facts('Sweep', null, verified));
    expect(step).toMatch(/^Find out from whoever made it \(CloudTrail event history shows who\) why/);
    expect(step).not.toMatch(/null|the actor/);
    const left = nextStepOf(facts('Sweep', null, { ...verified, outcome: 'skipped', verified: false }));
    expect(left).toMatch(
      /^Confirm with whoever made it .* that the change is intended \(TrailGuard left it as it is\)/,
    );
  });

  it('asks the actor when one is known', () => {
    expect(nextStepOf(facts('StopLogging', jane, verified))).toContain('Find out from the actor why');
    expect(
      nextStepOf(
        facts(
          'StopLogging',
          jane,
          { ...verified, outcome: 'not-applicable', verified: false },
          'AccessDenied',
        ),
      ),
    ).toMatch(/^Nothing changed, but someone tried: ask the actor why/);
  });

  it('says a repair that was not verified must be checked by hand', () => {
    expect(nextStepOf(facts('StopLogging', jane, { ...verified, verified: false }))).toMatch(
      /^Check in the CloudTrail console that the repair held/,
    );
  });

  it('points a delivery problem at what refuses CloudTrail, and a canary at verify', () => {
    expect(
      nextStepOf(
        facts('Sweep', null, { action: 'none', outcome: 'not-applicable', verified: false, reason: 'x' }),
      ),
    ).toMatch(/^Fix what the error names/);
    expect(nextStepOf(facts('StopLogging', jane, verified), true)).toBe(VERIFICATION_NEXT_STEPS);
  });

  // The central stack's chat test renders these incident events as the chat service shows them.
  it('is what the chat test’s incident events carry', () => {
    const fixtures = path.join(__dirname, '..', '..', 'central-stack', 'test', 'fixtures');
    const names = readdirSync(fixtures).filter((name) => name.startsWith('incident-event.'));
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) {
      const { detail } = JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'));
      expect([name, detail.nextStep]).toEqual([name, nextStepOf(detail)]);
    }
  });
});
