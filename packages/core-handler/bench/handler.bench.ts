// `pnpm bench`: bundle size, cold load of the bundle, handler time per event, the AWS calls per
// StopLogging incident, and 100 concurrent incidents. Absolute times depend on the machine and its
// load, so each time is printed beside a baseline measured in the same run — bare `node` for cold
// load; for handler time the same three AWS calls made directly against the same emulator — and
// the ratio is the figure to compare across machines.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudTrailClient, GetTrailStatusCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Emulator } from '@trailguard/test';
import budget from '../scripts/bundle-budget.json';
import { createHandler } from '../src/handler';
import { MEMBER_REGION, TOPIC_REGION, World } from '../test/world';

const packageDir = join(__dirname, '..');
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const ratio = (n: number, base: number) => `${(n / base).toFixed(2)}×`;
const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

function timeProcess(code: string, env: NodeJS.ProcessEnv = process.env): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-e', code], { cwd: packageDir, stdio: 'pipe', env });
  if (result.status !== 0) throw new Error(`node -e failed: ${result.stderr}`);
  return since(start);
}

function bundleAndColdLoad(): void {
  const build = spawnSync(process.execPath, [join(packageDir, 'scripts', 'bundle.mjs')], {
    cwd: packageDir,
    stdio: 'pipe',
  });
  if (build.status !== 0) throw new Error(String(build.stderr));
  const bytes = readFileSync(join(packageDir, 'dist', 'index.js')).byteLength;
  console.log(
    `bundle: dist/index.js ${bytes} bytes, ${((100 * bytes) / budget.bytes).toFixed(0)}% of the ${budget.bytes}-byte budget`,
  );

  // Fresh node processes requiring the bundle (the @aws-sdk clients resolve from this package's
  // node_modules, as they do from the Lambda runtime), interleaved with bare `node -e ""`, the
  // baseline. With AWS_LAMBDA_FUNCTION_NAME set, as in Lambda, the module also validates its
  // environment and builds its SNS client during init.
  const runs = 15;
  const bare: number[] = [];
  const load: number[] = [];
  const init: number[] = [];
  const lambdaEnv = {
    ...process.env,
    AWS_LAMBDA_FUNCTION_NAME: 'trailguard-bench',
    AWS_REGION: 'eu-west-1',
    NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:eu-central-1:999988887777:trailguard',
  };
  for (let i = 0; i < runs; i++) {
    bare.push(timeProcess(''));
    load.push(timeProcess("require('./dist/index.js')"));
    init.push(timeProcess("require('./dist/index.js')", lambdaEnv));
  }
  const base = median(bare);
  console.log(
    `cold load (median of ${runs} fresh processes): bare node ${ms(base)} (baseline); ` +
      `node + require(dist/index.js) ${ms(median(load))} = ${ratio(median(load), base)}; ` +
      `with Lambda-style init ${ms(median(init))} = ${ratio(median(init), base)}`,
  );
}

/** StartLogging, GetTrailStatus, Publish: the calls of one incident, without TrailGuard's code. */
async function directIncident(cloudtrail: CloudTrailClient, sns: SNSClient, trail: string, topicArn: string) {
  await cloudtrail.send(new StartLoggingCommand({ Name: trail }));
  await cloudtrail.send(new GetTrailStatusCommand({ Name: trail }));
  await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'bench', Message: `restarted ${trail}` }));
}

/** A topic in the security account with a subscribed queue, as the world's own. */
async function baselineTopic(emulator: Emulator, security: string): Promise<string> {
  const sns = await emulator.client(SNSClient, { account: security, region: TOPIC_REGION });
  const sqs = await emulator.client(SQSClient, { account: security, region: TOPIC_REGION });
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'bench-baseline' }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-baseline-inbox' }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }));
  sns.destroy();
  sqs.destroy();
  return TopicArn as string;
}

async function handlerTimes(emulator: Emulator): Promise<void> {
  await emulator.reset();
  const world = await World.create(emulator);
  // The baseline's clients act as the function's do: member account, a topic of the security
  // account in its own region, delivering to a queue (its own, so the handler's inbox holds only
  // the handler's notifications).
  const cloudtrail = new CloudTrailClient(await world.memberConfig(MEMBER_REGION));
  const sns = new SNSClient(await world.memberConfig(TOPIC_REGION));
  const topicArn = await baselineTopic(emulator, world.security);
  const stopLogging = (trail: string) =>
    world.event('stop-logging.sso-role', (raw) => {
      raw.detail.requestParameters.name = trail;
    });

  // One after another, each on its own stopped trail, handler and baseline interleaved so that
  // both see the same load.
  const samples = 25;
  for (let i = 0; i < samples; i++) {
    await world.trail(`seq-${i}`, { stopped: true });
    await world.trail(`base-${i}`, { stopped: true });
  }
  const handler = createHandler(await world.deps());
  const times: number[] = [];
  const direct: number[] = [];
  let firstCalls: string[] = [];
  for (let i = 0; i < samples; i++) {
    let start = process.hrtime.bigint();
    await directIncident(cloudtrail, sns, `base-${i}`, topicArn);
    direct.push(since(start));
    world.calls.length = 0;
    start = process.hrtime.bigint();
    await handler(stopLogging(`seq-${i}`));
    times.push(since(start));
    if (i === 0) firstCalls = world.calls.map((c) => `${c.service}:${c.command}@${c.region}`);
  }
  await world.notifications();
  console.log(
    `handler time per StopLogging event: median ${ms(median(times))} over ${samples} (first, cold clients: ${ms(times[0] as number)}); ` +
      `the same 3 calls made directly (baseline): ${ms(median(direct))}; handler = ${ratio(median(times), median(direct))}`,
  );
  console.log(
    `AWS calls per StopLogging incident (${firstCalls.length}), in order: ${firstCalls.join(' -> ')}`,
  );
  console.log(
    `StartLogging first: ${firstCalls[0]?.startsWith('cloudtrail:StartLogging') ? 'yes' : 'NO'}; at most 3 calls: ${firstCalls.length <= 3 ? 'yes' : 'NO'}`,
  );

  // 100 concurrent StopLogging events on 100 trails, beside 100 concurrent direct incidents.
  const count = 100;
  for (let i = 0; i < count; i++) {
    await world.trail(`burst-${i}`, { stopped: true });
    await world.trail(`burst-base-${i}`, { stopped: true });
  }
  let start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: count }, (_, i) => directIncident(cloudtrail, sns, `burst-base-${i}`, topicArn)),
  );
  const baseline = since(start);
  world.calls.length = 0;
  const burst = createHandler(await world.deps());
  start = process.hrtime.bigint();
  const results = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => burst(stopLogging(`burst-${i}`))),
  );
  const elapsed = since(start);
  const status = await world.cloudTrail();
  let logging = 0;
  for (let i = 0; i < count; i++) {
    if ((await status.send(new GetTrailStatusCommand({ Name: `burst-${i}` }))).IsLogging) logging++;
  }
  const received = await world.notifications();
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  console.log(
    `${count} concurrent StopLogging events: ${ok} invocations succeeded, ${logging}/${count} trails logging again, ` +
      `${received.length}/${count} notifications received, ${world.calls.length} AWS calls, ${ms(elapsed)} wall; ` +
      `${count} concurrent direct incidents (baseline) ${ms(baseline)}; handler = ${ratio(elapsed, baseline)}`,
  );
  if (ok !== count || logging !== count || received.length !== count) process.exitCode = 1;
  cloudtrail.destroy();
  sns.destroy();
}

async function main(): Promise<void> {
  bundleAndColdLoad();
  const emulator = await Emulator.start();
  try {
    await handlerTimes(emulator);
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
