import { CloudTrailClient, PutEventSelectorsCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import type { Emulator } from '@trailguard/test';
import type { AssumedRoleActor } from './cloudtrail-event';
import { HOME } from './emulated-deployment';
import { attackerSession, sessionConfig } from './identities';
import type { Say } from './narration';
import type { Timeline } from './timeline';
import { createVictimTrail, trailState } from './victim-trail';

/** What the attacker did, for the events EventBridge then delivers. */
export interface Attack {
  readonly trail: { readonly name: string; readonly arn: string };
  readonly actor: AssumedRoleActor;
  readonly stoppedAt: Date;
  readonly strippedAt: Date;
}

export const ATTACKER_IP = '203.0.113.66';
export const ATTACKER_AGENT =
  'aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.1 os/linux#6.1 md/arch#x86_64 lang/python#3.12.8';

/** Chapter 5: a stolen CI role stops the victim account's trail and turns its management events off. */
export async function attackTrail(
  emulator: Emulator,
  victim: string,
  timeline: Timeline,
  say: Say,
): Promise<Attack> {
  const trail = await createVictimTrail(emulator, victim);
  say(`The account's trail "${trail.name}" records management events and is logging.`);
  const attacker = await attackerSession(emulator, victim);
  const cloudtrail = new CloudTrailClient(sessionConfig(emulator, HOME, attacker.credentials));
  try {
    const stoppedAt = new Date();
    await cloudtrail.send(new StopLoggingCommand({ Name: trail.arn }));
    timeline.mark(
      'attacker',
      `StopLogging ${trail.name} as ${attacker.actor.arn} from ${ATTACKER_IP}`,
      stoppedAt.getTime(),
    );
    const strippedAt = new Date();
    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: trail.name,
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [] }],
      }),
    );
    timeline.mark('attacker', `PutEventSelectors ${trail.name}: management events off`, strippedAt.getTime());
    const after = await trailState(emulator, victim, trail.name);
    say('mallory (role ci-deployer) stopped the trail and turned its management events off:');
    say(
      `  logging: ${after.logging ? 'yes' : 'NO'}; management events: ${after.managementEvents ? 'on' : 'OFF'}`,
    );
    return { trail, actor: attacker.actor, stoppedAt, strippedAt };
  } finally {
    cloudtrail.destroy();
  }
}
