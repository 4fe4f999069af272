// What the attack suites share (test/integration/attacks/): a fresh emulated world per test, checked
// after each that whatever the attacker did, TrailGuard called nothing its role does not grant
// (useWorld), and the handler as the member stack configures it, invoked with a Lambda context as in
// AWS (so it compares each event with the function it runs as).
import { GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { Settings } from '../src/domain/settings';
import { createHandler } from '../src/handler';
import type { FixtureJson } from './fixtures';
import { useWorld } from './use-world';
import { MEMBER_REGION } from './world';

export const MINUTE = 60_000;
/** A fixed moment, so that a flood falls in one sweep interval however slow the machine is. */
export const NOW = Date.parse('2026-12-01T10:02:00Z');

/** Registers the hooks of an attack suite; call once inside its top-level `describe`. */
export function useAttackWorld() {
  const { world } = useWorld();
  /** The Lambda context of the member's TrailGuard function in the member region. */
  let context: { awsRequestId: string; invokedFunctionArn: string };

  beforeEach(() => {
    context = {
      awsRequestId: 'attack',
      invokedFunctionArn: `arn:aws:lambda:${MEMBER_REGION}:${world().member}:function:trailguard-remediation`,
    };
  });

  /**
   * The handler as the member stack configures it: every region's role is TrailGuard's own. With
   * `failPublish`, each Publish it picks fails before it is sent, as SNS fails now and then (a fault
   * the emulator cannot make for one message and not the next).
   */
  async function trailGuard(
    overrides: Partial<Settings> = {},
    failPublish?: (input: PublishCommandInput) => boolean,
  ) {
    const deps = await world().deps({
      selfRoleArn: `arn:aws:iam::${world().member}:role/trailguard-remediation-*`,
      ...overrides,
    });
    if (failPublish) {
      deps.snsClient?.middlewareStack.add(
        (next, { commandName }) =>
          async (args) => {
            if (commandName === 'PublishCommand' && failPublish(args.input as PublishCommandInput)) {
              throw Object.assign(new Error('injected Publish failure'), { name: 'InternalErrorException' });
            }
            return next(args);
          },
        { step: 'initialize', name: 'failPublish' },
      );
    }
    const handler = createHandler({ ...deps, clock: () => NOW });
    return (event: unknown) => handler(event, context);
  }

  const isLogging = async (name: string) =>
    (await (await world().cloudTrail()).send(new GetTrailStatusCommand({ Name: name }))).IsLogging;

  /** A fixture event made by a session of the role `roleName`, which the attacker created. */
  const byRole = (fixtureName: string, roleName: string) =>
    world().event(fixtureName, (raw: FixtureJson) => {
      const role = `arn:aws:iam::${world().member}:role/${roleName}`;
      raw.detail.userIdentity = {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${world().member}:assumed-role/${roleName}/quiet`,
        accountId: world().member,
        sessionContext: { sessionIssuer: { type: 'Role', arn: role }, attributes: {} },
      };
    });

  /** The scheduled event of the sweep due at `time`: each has an id of its own, as in EventBridge. */
  const sweepAt = (time: number) =>
    world().event('scheduled-event', (raw) => {
      raw.time = new Date(time).toISOString();
      raw.id = `sweep-${time}`;
    });

  return { world, trailGuard, isLogging, byRole, sweepAt };
}
