import { STACKSET_NAMES } from '@trailguard/central-stack/names';
import type { TrailGuardConfig } from '@trailguard/config';
import { buildOrganization, type Emulator, type TestOrganization } from '@trailguard/test';
import { AwsClients } from '../../aws-clients';
import { renderChecklist } from '../../checklist';
import { Progress } from '../../progress';
import { renderCoverage } from '../coverage/render';
import { readCoverage } from '../coverage/stack-instances';
import { CDK_BOOTSTRAP_PARAMETER } from '../doctor/facts';
import { runPreflight } from '../doctor/preflight';
import { computeOnlinePlan } from '../plan';
import { relayIncidents } from './central-bus';
import { prepare } from './emulated-bootstrap';
import {
  demoConfig,
  deployStackSets,
  HOME,
  type Inbox,
  REGIONS,
  subscribeInbox,
  synthesize,
} from './emulated-deployment';
import type { Say } from './narration';

// Chapters 1–4 of the demo: an organization, the preflight checks, the deployment, the coverage.

const UNITS = [
  ['Security', ['security']],
  ['Workloads', ['payments', 'web']],
  ['Sandbox', ['playground']],
] as const;

/** Chapter 1: the organization the demo protects. */
export async function buildDemoOrganization(
  emulator: Emulator,
  say: Say,
): Promise<{ org: TestOrganization; config: TrailGuardConfig }> {
  const org = await buildOrganization(
    emulator,
    Object.fromEntries(UNITS.map(([ou, names]) => [ou, [...names]])),
  );
  say(
    `Organization ${org.organizationId}, root ${org.rootId}; management account ${org.managementAccountId}`,
  );
  for (const [ou, names] of UNITS) {
    say(`  OU ${ou.padEnd(10)} ${org.ous[ou]}: ${names.map((n) => `${n} ${org.accounts[n]}`).join(', ')}`);
  }
  return { org, config: demoConfig(org) };
}

/** Chapters 2–4: the doctor's checks, the deployment, and the coverage after it. */
export async function deployTrailGuard(
  emulator: Emulator,
  org: TestOrganization,
  config: TrailGuardConfig,
  heading: Say,
  say: Say,
): Promise<Inbox> {
  heading('2. Preflight: pnpm trailguard doctor');
  say('As an operator would: turn on trusted access for StackSets and bootstrap the home region');
  say(`(the demo creates what \`cdk bootstrap\` leaves: the parameter ${CDK_BOOTSTRAP_PARAMETER},`);
  say('the asset bucket and the deploy, file-publishing and execution roles).\n');
  await prepare(emulator);
  const clients = new AwsClients({ endpoint: emulator.endpoint, credentials: await emulator.credentials() });
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
    explainEmulatorGaps(say);
    const inbox = await subscribeInbox(emulator, org, config);
    await relayIncidents(emulator, org);

    heading('4. After deploying: pnpm trailguard coverage');
    const plan = await computeOnlinePlan(config, clients, new Progress({ write: () => true }));
    say(renderCoverage(await readCoverage(config, plan, clients)));
    return inbox;
  } finally {
    clients.destroy();
  }
}

function explainEmulatorGaps(say: Say): void {
  say('Set up differently because the emulator cannot do it (the demo says so where it happens):');
  say('  - KMS key tags dropped from the central template (moto fails on CloudFormation tags of a key);');
  say("  - moto skips topic, queue and bus policies and e-mail subscriptions: the security team's");
  say('    "inbox" is an SQS queue subscribed to the topic, and the e-mail text is read from the topic;');
  say('    the demo subscribes the configured addresses itself, and moto confirms them at once;');
  say("  - moto looks for the event bus named by an ARN in the sender's own account, so each account gets");
  say("    a bus of the central bus's name whose rule relays TrailGuard's incidents to the central bus");
  say('    (in AWS they arrive there directly); a queue on a rule of the central bus plays a SIEM;');
  say('  - EventBridge does not invoke Lambda here and Lambda cannot run code without Docker: the demo');
  say("    delivers each CloudTrail event itself and runs the function's code (the handler bundle, the");
  say("    exact file inlined in the template) in a Node.js process with the function's environment");
  say("    and its execution role's credentials.");
}

function kb(text: string): string {
  return `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
}
