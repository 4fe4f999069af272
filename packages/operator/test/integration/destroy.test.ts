import '../../src/bin/quiet-deprecations';
import { STACKSET_NAMES } from '@trailguard/central-stack/names';
import { loadConfig } from '@trailguard/config';
import { type Emulator, useEmulator } from '@trailguard/test';
import { type CdkCli, cdkDestroyArguments, runCdkCli } from '../../src/cdk/cli';
import { deployStackSets, synthesize } from '../../src/commands/demo/emulated-deployment';
import { destroyCommand } from '../../src/commands/destroy';
import { quickApp } from '../deployed-version';
import {
  captureIo,
  createStandInParentStack,
  emulatorEnv,
  leftInTemp,
  newOutdir,
  organizationReadyToDeploy,
  parentStackStatus,
  prepareForDeployment,
  runEntry,
  runWithConfig,
  standardOrganization,
  withOwnTemp,
  writeConfig,
} from '../kit';

const DESTROY = 'packages/operator/src/bin/destroy.ts';

/** The real CDK CLI against the emulator, recording what it was asked to do. */
function cdkAgainst(emulator: Emulator, configFile: string, runs: string[][]): CdkCli {
  return (args, options) => {
    runs.push([...args]);
    return runCdkCli(args, {
      ...options,
      capture: true,
      env: { ...emulatorEnv(emulator, configFile), ...options?.env },
    });
  };
}

describe('pnpm run destroy', () => {
  const emulator = useEmulator();
  beforeEach(() => emulator().reset());

  it('as a process without a terminal and without --yes: refuses at once (exit 2), removing nothing', async () => {
    const org = await standardOrganization(emulator());
    await createStandInParentStack(emulator());
    const result = await runEntry(DESTROY, [], emulatorEnv(emulator(), writeConfig(org)));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Run `pnpm run destroy --yes` to go ahead without asking');
    expect(await parentStackStatus(emulator())).toBe('CREATE_COMPLETE');
  });

  it('as a process with --yes: removes the stack with the real cdk destroy and finds nothing left', async () => {
    const org = await standardOrganization(emulator());
    await prepareForDeployment(emulator());
    await createStandInParentStack(emulator());
    const outdir = newOutdir();
    const env = withOwnTemp(emulatorEnv(emulator(), writeConfig(org)));
    const result = await runEntry(DESTROY, ['--yes', '--outdir', outdir], env, 120_000);
    expect(result.stdout).toMatch(/All 13 checks passed \(1 with a warning\)\./);
    expect(result.stdout).toContain(
      '`cdk destroy` deletes the stack TrailGuard (CREATE_COMPLETE) in eu-west-1.',
    );
    expect(result.stdout).toContain("1.  the stack TrailGuard itself: the management StackSet's roles");
    expect(result.stdout).toContain('What stays:');
    expect(result.stdout).toContain(`Removing: cdk ${cdkDestroyArguments(outdir).join(' ')}`);
    expect(result.stdout).toContain('Removed: the stack TrailGuard and every StackSet it created are gone.');
    expect(result.status).toBe(0);
    expect(await parentStackStatus(emulator())).toBeUndefined();
    expect(leftInTemp(env)).toEqual([]);
  }, 150_000);

  it('shows the StackSets in the order they go, asks, and names what is left with the commands to finish', async () => {
    const { org, configFile, clients } = await organizationReadyToDeploy(emulator());
    const config = loadConfig(configFile);
    await deployStackSets(emulator(), org, config, synthesize(config));
    await createStandInParentStack(emulator());
    const outdir = newOutdir();
    const runs: string[][] = [];
    const deps = { buildApp: quickApp, runCdk: cdkAgainst(emulator(), configFile, runs) };

    const declined = captureIo(clients, false, undefined, ['']);
    expect(
      await runWithConfig(configFile, () => destroyCommand(['--outdir', outdir], declined.io, deps)),
    ).toBe(1);
    expect(declined.asked()).toEqual(['\nRemove TrailGuard from the organization? [y/N] ']);
    const plan = declined.out();
    expect(plan).toMatch(
      new RegExp(
        [
          `  1\\.  (${STACKSET_NAMES.members}: 8 stack instances \\(4 accounts × eu-west-1, us-east-1\\), then the StackSet`,
          `|${STACKSET_NAMES.management}: 2 stack instances \\(1 account × eu-west-1, us-east-1\\), then the StackSet)\\n`,
          `      (${STACKSET_NAMES.members}|${STACKSET_NAMES.management}): .*\\n`,
          `  2\\.  ${STACKSET_NAMES.central}: 1 stack instance \\(1 account × eu-west-1\\), then the StackSet\\n`,
          '  3\\.  the stack TrailGuard itself',
        ].join(''),
      ),
    );
    expect(plan).toContain('Nothing was removed.');
    expect(runs).toEqual([]);
    expect(await parentStackStatus(emulator())).toBe('CREATE_COMPLETE');

    // The stand-in stack goes, but it did not create the StackSets, so they stay: named, with how to remove them.
    const approved = captureIo(clients, false, undefined, ['y']);
    expect(
      await runWithConfig(configFile, () => destroyCommand(['--outdir', outdir], approved.io, deps)),
    ).toBe(1);
    expect(runs).toEqual([cdkDestroyArguments(outdir)]);
    expect(await parentStackStatus(emulator())).toBeUndefined();
    const left = approved.out();
    expect(left).toContain(
      `the StackSet ${STACKSET_NAMES.members}, 8 stack instances (4 accounts × eu-west-1, us-east-1), without the stack that created it.`,
    );
    expect(left).toContain(
      `aws cloudformation delete-stack-instances --stack-set-name ${STACKSET_NAMES.management} --region eu-west-1 --accounts ${org.managementAccountId} --regions eu-west-1 us-east-1 --no-retain-stacks`,
    );
    expect(left).toContain(
      `aws cloudformation delete-stack-set --stack-set-name ${STACKSET_NAMES.central} --region eu-west-1`,
    );
    clients.destroy();
  }, 120_000);

  it('says there is nothing to remove, without asking, when nothing is deployed', async () => {
    const { configFile, clients } = await organizationReadyToDeploy(emulator());
    const runs: string[][] = [];
    const terminal = captureIo(clients, false, undefined, []);
    const status = await runWithConfig(configFile, () =>
      destroyCommand([], terminal.io, {
        buildApp: quickApp,
        runCdk: cdkAgainst(emulator(), configFile, runs),
      }),
    );
    expect(status).toBe(0);
    expect(terminal.out()).toContain(
      'Nothing to remove: no stack TrailGuard and no TrailGuard StackSet in eu-west-1.',
    );
    expect(terminal.asked()).toEqual([]);
    expect(runs).toEqual([]);
    clients.destroy();
  });
});
