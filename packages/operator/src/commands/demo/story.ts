import { existsSync } from 'node:fs';
import { CloudTrailClient, PutEventSelectorsCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { STACKSET_NAMES } from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import { HANDLER_BUNDLE_FILE } from '@trailguard/member-stack';
import { buildOrganization, type Emulator } from '@trailguard/test';
import { AwsClients } from '../../aws-clients';
import { renderChecklist } from '../../checklist';
import { Progress } from '../../progress';
import { readCoverage, renderCoverage } from '../coverage/coverage';
import { CDK_BOOTSTRAP_PARAMETER } from '../doctor/facts';
import { runPreflight } from '../doctor/preflight';
import { computeOnlinePlan } from '../plan';
import { cloudTrailApiCallEvent } from './cloudtrail-event';
import {
  demoConfig,
  deployStackSets,
  findFunction,
  firstInboxDocument,
  HOME,
  type Inbox,
  prepare,
  REGIONS,
  subscribeInbox,
  synthesize,
} from './emulated-deployment';
import { attackerSession, functionEnvironment, sessionConfig } from './identities';
import { invokeInProcess } from './lambda-process';
import { sentNotifications, startRecording } from './published-messages';
import { Timeline } from './timeline';
import { createVictimTrail, trailState } from './victim-trail';

/** Where the story writes. */
export interface StoryOutput {
  readonly say: (text: string) => void;
}

/** Where the handler bundle is (`pnpm build` writes it). */
export const HANDLER_BUNDLE = HANDLER_BUNDLE_FILE;

const ATTACKER_IP = '203.0.113.66';
const ATTACKER_AGENT =
  'aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.1 os/linux#6.1 md/arch#x86_64 lang/python#3.12.8';

/** What the story found at the end; the command's exit status follows from it. */
export interface StoryOutcome {
  /** The configuration the demo deployed, for trying the other commands afterwards. */
  readonly config: TrailGuardConfig;
  /** The account that was attacked. */
  readonly victim: string;
  readonly trailLogging: boolean;
  readonly managementEventsOn: boolean;
  readonly notifications: number;
  readonly echoIgnored: boolean;
}

/** The whole demo on a running emulator. */
export async function tellStory(emulator: Emulator, out: StoryOutput): Promise<StoryOutcome> {
  const { say } = out;
  const heading = (text: string) => say(`\n━━ ${text} ${'━'.repeat(Math.max(3, 86 - text.length))}`);

  heading('1. An organization');
  const org = await buildOrganization(emulator, {
    Security: ['security'],
    Workloads: ['payments', 'web'],
    Sandbox: ['playground'],
  });
  const victim = org.accounts.payments ?? '';
  say(
    `Organization ${org.organizationId}, root ${org.rootId}; management account ${org.managementAccountId}`,
  );
  for (const [ou, names] of [
    ['Security', ['security']],
    ['Workloads', ['payments', 'web']],
    ['Sandbox', ['playground']],
  ] as const) {
    say(`  OU ${ou.padEnd(10)} ${org.ous[ou]}: ${names.map((n) => `${n} ${org.accounts[n]}`).join(', ')}`);
  }
  const config = demoConfig(org);

  heading('2. Preflight: pnpm trailguard doctor');
  say('As an operator would: turn on trusted access for StackSets and bootstrap the home region');
  say(`(the demo writes the SSM parameter ${CDK_BOOTSTRAP_PARAMETER} that \`cdk bootstrap\` writes).\n`);
  await prepare(emulator);
  const clients = new AwsClients({ endpoint: emulator.endpoint, credentials: await emulator.credentials() });
  let inbox: Inbox;
  try {
    say(renderChecklist(await runPreflight(config, clients, '(demo configuration)')));

    heading('3. Deploy: pnpm run deploy');
    const templates = synthesize(config);
    say(
      `Synthesized the CDK app: central template ${kb(templates.centralText)}, member template ${kb(templates.memberText)}.`,
    );
    say('The emulator cannot run `cdk deploy` of the parent stack (it has no AWS::CloudFormation::StackSet');
    say('resource), so the demo makes the calls that stack makes, with the synthesized templates:');
    await deployStackSets(emulator, org, config, templates);
    say(
      `  ${STACKSET_NAMES.central.padEnd(29)} service-managed → security account ${org.accounts.security}, ${HOME}`,
    );
    say(
      `  ${STACKSET_NAMES.members.padEnd(29)} service-managed → every account of the 3 OUs × ${REGIONS.join(', ')}`,
    );
    say(
      `  ${STACKSET_NAMES.management.padEnd(29)} self-managed    → management account × ${REGIONS.join(', ')}`,
    );
    say('Set up differently because the emulator cannot do it (the demo says so where it happens):');
    say('  - KMS key tags dropped from the central template (moto fails on CloudFormation tags of a key);');
    say("  - moto skips topic, queue and bus policies and e-mail subscriptions: the security team's");
    say('    "inbox" is an SQS queue subscribed to the topic, and the e-mail text is read from the topic;');
    say('  - EventBridge does not invoke Lambda here and Lambda cannot run code without Docker: the demo');
    say("    delivers each CloudTrail event itself and runs the function's code (the handler bundle, the");
    say("    exact file inlined in the template) in a Node.js process with the function's environment");
    say("    and its execution role's credentials.");
    inbox = await subscribeInbox(emulator, org, config);

    heading('4. After deploying: pnpm trailguard coverage');
    const plan = await computeOnlinePlan(config, clients, new Progress({ write: () => true }));
    say(renderCoverage(await readCoverage(config, plan, clients)));
  } finally {
    clients.destroy();
  }

  heading(`5. The attack: account payments (${victim}), ${HOME}`);
  const timeline = new Timeline();
  const fn = await findFunction(emulator, victim, HOME);
  const trail = await createVictimTrail(emulator, victim);
  say(`The account's trail "${trail.name}" records management events and is logging.`);
  const attacker = await attackerSession(emulator, victim);
  const attackerTrail = new CloudTrailClient(sessionConfig(emulator, HOME, attacker.credentials));
  const stoppedAt = new Date();
  await attackerTrail.send(new StopLoggingCommand({ Name: trail.arn }));
  timeline.mark(
    'attacker',
    `StopLogging ${trail.name} as ${attacker.actor.arn} from ${ATTACKER_IP}`,
    stoppedAt.getTime(),
  );
  const strippedAt = new Date();
  await attackerTrail.send(
    new PutEventSelectorsCommand({
      TrailName: trail.name,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [] }],
    }),
  );
  timeline.mark('attacker', `PutEventSelectors ${trail.name}: management events off`, strippedAt.getTime());
  attackerTrail.destroy();
  const afterAttack = await trailState(emulator, victim, trail.name);
  say(`mallory (role ci-deployer) stopped the trail and turned its management events off:`);
  say(
    `  logging: ${afterAttack.logging ? 'yes' : 'NO'}; management events: ${afterAttack.managementEvents ? 'on' : 'OFF'}`,
  );

  heading('6. EventBridge delivers the events to TrailGuard in that account and region');
  const { env: fnEnv, actor: functionActor } = await functionEnvironment(emulator, fn);
  const deliver = async (label: string, event: ReturnType<typeof cloudTrailApiCallEvent>) => {
    timeline.mark(
      'EventBridge',
      `delivers ${label} (event ${event.detail.eventID.slice(0, 8)}…) to ${fn.FunctionName}`,
    );
    const run = await invokeInProcess(HANDLER_BUNDLE, event, fnEnv, event.id);
    for (const line of run.logs) {
      const entry = logEntry(line);
      timeline.mark(`${fn.FunctionName}`, entry.text, entry.at);
    }
    if (run.error) timeline.mark(`${fn.FunctionName}`, `FAILED: ${run.error}`);
    return run;
  };
  await startRecording(emulator);
  const before = await sentNotifications(emulator);
  const callBase = {
    account: victim,
    region: HOME,
    actor: attacker.actor,
    sourceIPAddress: ATTACKER_IP,
    userAgent: ATTACKER_AGENT,
  };
  const stopRun = await deliver(
    'StopLogging',
    cloudTrailApiCallEvent({
      ...callBase,
      eventName: 'StopLogging',
      time: stoppedAt,
      requestParameters: { name: trail.arn },
    }),
  );
  const selectorsRun = await deliver(
    'PutEventSelectors',
    cloudTrailApiCallEvent({
      ...callBase,
      eventName: 'PutEventSelectors',
      time: strippedAt,
      requestParameters: {
        trailName: trail.name,
        eventSelectors: [
          {
            readWriteType: 'All',
            includeManagementEvents: false,
            dataResources: [],
            excludeManagementEventSources: [],
          },
        ],
      },
      responseElements: {
        trailARN: trail.arn,
        eventSelectors: [
          {
            readWriteType: 'All',
            includeManagementEvents: false,
            dataResources: [],
            excludeManagementEventSources: [],
          },
        ],
      },
    }),
  );
  const afterRemediation = await sentNotifications(emulator);
  await deliver(
    'the echo of its own StartLogging',
    cloudTrailApiCallEvent({
      ...callBase,
      actor: functionActor,
      eventName: 'StartLogging',
      time: new Date(),
      sourceIPAddress: 'lambda.amazonaws.com',
      userAgent: 'lambda.amazonaws.com',
      requestParameters: { name: trail.arn },
    }),
  );
  const afterEcho = await sentNotifications(emulator);
  const final = await trailState(emulator, victim, trail.name);
  timeline.mark(
    'demo',
    `checks ${trail.name}: logging ${final.logging ? 'yes' : 'NO'}, management events ${final.managementEvents ? 'on' : 'OFF'}`,
  );
  say(`Function results: StopLogging → ${summary(stopRun)}; PutEventSelectors → ${summary(selectorsRun)}`);

  heading('7. Timeline');
  say(timeline.render());

  const published = afterRemediation.slice(before.length);
  heading(`8. What the security team reads (${config.notificationEmails.join(', ')})`);
  for (const [index, notification] of published.entries()) {
    const message = JSON.parse(notification.message) as { email?: string; default?: string };
    say(`${index === 0 ? '' : '\n'}Subject: ${notification.subject ?? '(none)'}`);
    const attributes = Object.entries(notification.attributes).map(([k, v]) => `${k}=${v}`);
    say(`Message attributes: ${attributes.join(', ')}`);
    say('');
    say(message.email ?? '(no e-mail entry)');
  }
  if (published[0]) {
    heading("9. The same incident as JSON (the topic's default entry, for SIEMs), from the SQS inbox");
    const doc = await firstInboxDocument(emulator, inbox);
    say(doc ?? (JSON.parse(published[0].message) as { default?: string }).default ?? '(none)');
  }
  const echoIgnored = afterEcho.length === afterRemediation.length;
  say(
    `\nResult: trail ${final.logging ? 'logging again' : 'STILL STOPPED'}, management events ${final.managementEvents ? 'restored' : 'STILL OFF'}; ` +
      `${published.length} notification(s) for the attack; ${echoIgnored ? "no message for TrailGuard's own StartLogging" : 'an extra message for the echo (unexpected)'}.`,
  );
  return {
    config,
    victim,
    trailLogging: final.logging,
    managementEventsOn: final.managementEvents,
    notifications: published.length,
    echoIgnored,
  };
}

/** A function log line as a timeline entry: its time and its message with the keys that matter. */
function logEntry(line: string): { at?: number; text: string } {
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    const emf = record._aws as {
      Timestamp?: number;
      CloudWatchMetrics?: Array<{ Metrics?: Array<{ Name: string }> }>;
    };
    if (emf) {
      // A CloudWatch embedded-metrics line: show the metrics, not the envelope.
      const names = emf.CloudWatchMetrics?.flatMap((m) => m.Metrics ?? []).map((m) => m.Name) ?? [];
      const values = names.map((n) => `${n}=${JSON.stringify(record[n])}`);
      // The handler times latency from eventTime, which CloudTrail records to the second.
      const note = names.includes('RemediationLatency')
        ? " (ms since the event's time, which CloudTrail rounds down to the second)"
        : '';
      return { at: emf.Timestamp, text: `metrics: ${values.join(', ')}${note}` };
    }
    const at = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : undefined;
    const keys = [
      'action',
      'outcome',
      'decision',
      'kind',
      'verified',
      'reason',
      'eventName',
      'trail',
      'severity',
    ]
      .filter((k) => record[k] !== undefined)
      .map((k) => `${k}=${typeof record[k] === 'object' ? JSON.stringify(record[k]) : String(record[k])}`);
    return {
      at: Number.isNaN(at) ? undefined : at,
      text: `log: ${String(record.message ?? line)}${keys.length ? ` (${keys.join(', ')})` : ''}`,
    };
  } catch {
    return { text: `log: ${line}` };
  }
}

function summary(run: { result?: unknown; error?: string }): string {
  return run.error ? `error: ${run.error}` : JSON.stringify(run.result);
}

function kb(text: string): string {
  return `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
}

/** Whether the handler bundle exists (the demo runs the exact file the template inlines). */
export function handlerBundleExists(): boolean {
  return existsSync(HANDLER_BUNDLE);
}
