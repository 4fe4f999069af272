// `pnpm bench`: bundle size, cold load of the bundle under bare node, handler time per event
// against the emulator, the AWS calls per StopLogging incident, and 100 concurrent incidents.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { Emulator } from '@trailguard/test';
import budget from '../scripts/bundle-budget.json';
import { createHandler } from '../src/handler';
import { World } from '../test/world';

const packageDir = join(__dirname, '..');
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

function timeProcess(code: string, env: NodeJS.ProcessEnv = process.env): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-e', code], { cwd: packageDir, stdio: 'pipe', env });
  if (result.status !== 0) throw new Error(`node -e failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(packageDir, 'scripts', 'bundle.mjs')], {
    cwd: packageDir,
    stdio: 'pipe',
  });
  if (build.status !== 0) throw new Error(String(build.stderr));
  const bytes = readFileSync(join(packageDir, 'dist', 'index.js')).byteLength;
  console.log(`bundle: dist/index.js ${bytes} bytes (budget ${budget.bytes})`);

  // Cold load: fresh node processes requiring the bundle (the @aws-sdk clients resolve from this
  // package's node_modules, as they do from the Lambda runtime). A bare `node -e ""` is the floor.
  const runs = 15;
  const bare: number[] = [];
  const load: number[] = [];
  const init: number[] = [];
  // As in Lambda: AWS_LAMBDA_FUNCTION_NAME set, so the module also validates its environment and
  // builds its SNS client during init.
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
  console.log(
    `cold load (median of ${runs} fresh processes): node + require(dist/index.js) ${ms(median(load))}; bare node ${ms(
      median(bare),
    )}; the bundle adds ${ms(median(load) - median(bare))}; with Lambda-style init (env validated, SNS client built) ${ms(
      median(init) - median(bare),
    )}`,
  );

  const emulator = await Emulator.start();
  try {
    await emulator.reset();
    const world = await World.create(emulator);

    // Handler time per StopLogging event, one after another, each on its own stopped trail.
    const samples = 25;
    for (let i = 0; i < samples; i++) await world.trail(`seq-${i}`, { stopped: true });
    const handler = createHandler(await world.deps());
    const times: number[] = [];
    let firstCalls: string[] = [];
    for (let i = 0; i < samples; i++) {
      world.calls.length = 0;
      const event = world.event('stop-logging.sso-role', (raw) => {
        raw.detail.requestParameters.name = `seq-${i}`;
      });
      const start = process.hrtime.bigint();
      await handler(event);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (i === 0) firstCalls = world.calls.map((c) => `${c.service}:${c.command}@${c.region}`);
    }
    await world.notifications();
    console.log(
      `handler time per StopLogging event against the emulator: median ${ms(median(times))} over ${samples} (first, cold clients: ${ms(times[0] as number)})`,
    );
    console.log(
      `AWS calls per StopLogging incident (${firstCalls.length}), in order: ${firstCalls.join(' -> ')}`,
    );
    console.log(
      `StartLogging first: ${firstCalls[0]?.startsWith('cloudtrail:StartLogging') ? 'yes' : 'NO'}; at most 3 calls: ${firstCalls.length <= 3 ? 'yes' : 'NO'}`,
    );

    // 100 concurrent StopLogging events on 100 trails.
    const count = 100;
    for (let i = 0; i < count; i++) await world.trail(`burst-${i}`, { stopped: true });
    world.calls.length = 0;
    const burst = createHandler(await world.deps());
    const start = process.hrtime.bigint();
    const results = await Promise.allSettled(
      Array.from({ length: count }, (_, i) =>
        burst(
          world.event('stop-logging.sso-role', (raw) => {
            raw.detail.requestParameters.name = `burst-${i}`;
          }),
        ),
      ),
    );
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    const cloudtrail = await world.cloudTrail();
    let logging = 0;
    for (let i = 0; i < count; i++) {
      if ((await cloudtrail.send(new GetTrailStatusCommand({ Name: `burst-${i}` }))).IsLogging) logging++;
    }
    const received = await world.notifications();
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    console.log(
      `${count} concurrent StopLogging events: ${ok} invocations succeeded, ${logging}/${count} trails logging again, ${received.length}/${count} notifications received, ${world.calls.length} AWS calls, ${ms(elapsed)} wall`,
    );
    if (ok !== count || logging !== count || received.length !== count) process.exitCode = 1;
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
