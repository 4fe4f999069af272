// The operator commands as a person runs them, each a real process (`pnpm trailguard …`),
// against one emulated organization with an earlier TrailGuard deployed and trails of both kinds:
// the read-only commands run side by side once, each test reads its run; the test that breaks
// the bootstrap runs last.
import '../../src/bin/quiet-deprecations';
import { DeleteRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { type TestOrganization, useEmulator } from '@trailguard/test';
import { deployEarlierVersion } from '../deployed-version';
import { createTrail } from '../emulated-trails';
import {
  emulatorEnv,
  prepareForDeployment,
  runTrailguardCli,
  standardOrganization,
  writeConfig,
} from '../kit';

type Run = Awaited<ReturnType<typeof runTrailguardCli>>;

describe('the operator commands as processes, against an emulated deployment', () => {
  const emulator = useEmulator();
  let org: TestOrganization;
  let env: NodeJS.ProcessEnv;
  const runs: Record<'diff' | 'plan' | 'coverage' | 'unknownOu', Run> = {} as never;
  let missingOu: string;

  beforeAll(async () => {
    org = await standardOrganization(emulator());
    await prepareForDeployment(emulator());
    const configFile = writeConfig(org, { prevention: { enabled: true, breakGlassPrincipals: [] } });
    env = emulatorEnv(emulator(), configFile);
    await deployEarlierVersion(emulator(), org);
    // A single-region organization trail homed in eu-west-1, app1's own trail in us-east-1.
    await createTrail(emulator(), { region: 'eu-west-1' }, 'org-eu', { organization: true });
    await createTrail(emulator(), { account: org.accounts.app1 ?? '', region: 'us-east-1' }, 'app1-audit');
    missingOu = `${org.ous.Workloads?.slice(0, -4)}zzzz`;
    const unknownOu = emulatorEnv(
      emulator(),
      writeConfig(org, { organizationalUnits: [org.ous.Workloads ?? '', missingOu] }),
    );
    [runs.diff, runs.plan, runs.coverage, runs.unknownOu] = await Promise.all([
      runTrailguardCli(['plan', '--diff'], env),
      runTrailguardCli(['plan'], env),
      runTrailguardCli(['coverage', '--account-trails'], env),
      runTrailguardCli(['plan'], unknownOu),
    ]);
  }, 240_000);

  it('`plan --diff` prints each StackSet’s changes, IAM, SCP and environment called out, with the instances reached', () => {
    const out = runs.diff.stdout;
    expect(runs.diff.status).toBe(0);
    const block = (name: string) => {
      const start = out.indexOf(`StackSet ${name} — `);
      expect(start).toBeGreaterThan(0);
      return out.slice(start, out.indexOf('\n\n', start));
    };
    const members = block('TrailGuard-Members');
    expect(members).toContain(
      '4 stack instances now (2 accounts × eu-west-1, us-east-1); 8 stack instances after this deploy',
    );
    expect(members).toMatch(/environment\s+~ REMEDIATION_MODE: notify-only → remediate/);
    expect(members).toMatch(
      /IAM\s+\+ policy remediation: \[EventDataStoresOfThisAccount\] Allow cloudtrail:/,
    );
    expect(members).toContain('- AWS::SNS::Topic MemberLegacyTopic');
    expect(members).toContain('Each change above reaches all 4 stack instances of TrailGuard-Members.');
    expect(block('TrailGuard-Central')).toContain('no change');
    expect(out).toMatch(/SCP\s+\+ \[DenyTrailTampering\] Deny cloudtrail:StopLogging/);
    expect(out).toMatch(/Service control policy: TrailGuard \(\d+ lines\) — it applies to every account/);
    expect(out).toContain('Reach: TrailGuard-Members updates 4 stack instances.');
    expect(runs.diff.stderr).not.toMatch(/Error|AccessDenied/);
  });

  it('`plan` says which trail records each account × region: the organization trail where it reaches', () => {
    expect(runs.plan.status).toBe(0);
    expect(runs.plan.stdout).toContain(
      `organization trail org-eu (single-region, home eu-west-1, account ${org.managementAccountId}, logging)`,
    );
    expect(runs.plan.stdout).toContain('AWS Control Tower: not detected');
    // Without --account-trails, an account's own trails are unknown, not "none".
    expect(runs.plan.stdout).toContain(
      "5/10 account × region recorded by an organization trail, 0 by the account's own trail, 0 by none, 5 unknown",
    );
  });

  it('`coverage --account-trails` names the own trail and flags the account × regions no trail records', () => {
    const app1 = org.accounts.app1 ?? '';
    const app2 = org.accounts.app2 ?? '';
    const out = runs.coverage.stdout;
    expect(out).toMatch(new RegExp(`${app1}\\s+app1\\s+us-east-1\\s+own trail app1-audit`));
    expect(out).toMatch(new RegExp(`${app2}\\s+app2\\s+us-east-1\\s+✗ no trail`));
    expect(out).toContain(
      "5/10 account × region recorded by an organization trail, 1 by the account's own trail, 4 by none, 0 unknown",
    );
    expect(out).toContain('warning: 4 account × regions recorded by no trail: nothing is logged there');
    // Members outside Workloads have no stack instance yet: not protected, exit 1.
    expect(runs.coverage.status).toBe(1);
  });

  it('`plan` exits 1 naming an OU that does not exist', () => {
    expect(runs.unknownOu.stdout).toContain(
      `organizational unit ${missingOu} was not found in the organization; nothing would deploy there`,
    );
    expect(runs.unknownOu.status).toBe(1);
  });

  it('`doctor` fails naming the bootstrap bucket and role deleted by hand (exit 1), the version parameter intact', async () => {
    const account = org.managementAccountId;
    const s3 = await emulator().client(S3Client, { region: 'eu-west-1' });
    await s3.send(new DeleteBucketCommand({ Bucket: `cdk-hnb659fds-assets-${account}-eu-west-1` }));
    const iam = await emulator().client(IAMClient);
    await iam.send(new DeleteRoleCommand({ RoleName: `cdk-hnb659fds-deploy-role-${account}-eu-west-1` }));
    s3.destroy();
    iam.destroy();
    const doctor = await runTrailguardCli(['doctor'], env);
    expect(doctor.stdout).toContain(`✓ CDK bootstrap (version ≥ 6) of account ${account} in eu-west-1`);
    expect(doctor.stdout).toContain(
      `missing: bucket cdk-hnb659fds-assets-${account}-eu-west-1, role cdk-hnb659fds-deploy-role-${account}-eu-west-1`,
    );
    expect(doctor.stdout).toContain(`cdk bootstrap aws://${account}/eu-west-1`);
    expect(doctor.status).toBe(1);
  }, 60_000);
});
