import '../../src/bin/quiet-deprecations';
import { readFileSync } from 'node:fs';
import { useEmulator } from '@trailguard/test';
import { planCommand } from '../../src/commands/plan';
import type { UnitDiff } from '../../src/stackset-diff';
import { deployEarlierVersion, deployVersion, quickApp, synthesizeTemplates } from '../deployed-version';
import {
  captureIo,
  managementClients,
  organizationReadyToDeploy,
  runWithConfig,
  standardConfig,
  standardOrganization,
  writeConfig,
} from '../kit';

describe('trailguard plan --diff on the emulator', () => {
  const emulator = useEmulator();
  beforeEach(() => emulator().reset());

  it("prints each StackSet's changes against its deployed template, IAM, SCP and environment called out, with the instances reached", async () => {
    const { org, configFile, clients } = await organizationReadyToDeploy(emulator(), {
      config: { prevention: { enabled: true, breakGlassPrincipals: [] } },
    });
    await deployEarlierVersion(emulator(), org);

    const text = captureIo(clients);
    const status = await runWithConfig(configFile, () =>
      planCommand(['--diff'], text.io, { buildApp: quickApp }),
    );
    const out = text.out();
    expect(status).toBe(0);
    // The plan first, then the diff.
    expect(out.indexOf('Plan for the organization as it is now')).toBeLessThan(
      out.indexOf('What the deploy changes'),
    );

    const block = (name: string) => {
      const start = out.indexOf(`StackSet ${name} — `);
      expect(start).toBeGreaterThan(0);
      const end = out.indexOf('\n\n', start);
      return out.slice(start, end < 0 ? undefined : end);
    };
    const members = block('TrailGuard-Members');
    expect(members).toContain(
      '4 stack instances now (2 accounts × eu-west-1, us-east-1); 8 stack instances after this deploy',
    );
    expect(members).toMatch(/~ AWS::Lambda::Function MemberRemediationFunction\w+ \(Environment\)/);
    expect(members).toMatch(/environment\s+~ REMEDIATION_MODE: notify-only → remediate/);
    expect(members).toMatch(/~ AWS::IAM::Role MemberRemediationRole\w+ \(Policies\)/);
    expect(members).toMatch(
      /IAM\s+\+ policy remediation: \[EventDataStoresOfThisAccount\] Allow cloudtrail:\S+.* on arn:\$\{AWS::Partition\}:cloudtrail:\*:\$\{AWS::AccountId\}:eventdatastore\/\* when lambda:SourceFunctionArn ArnEquals/,
    );
    expect(members).toMatch(/\+ AWS::CloudWatch::Alarm MemberAlarmsDeadLetters\w+/);
    expect(members).toContain('- AWS::SNS::Topic MemberLegacyTopic');
    expect(members).toContain('Each change above reaches all 4 stack instances of TrailGuard-Members.');

    expect(block('TrailGuard-Central')).toContain('no change');
    // The management account's StackSet has the same template as the members' (no instance yet).
    const management = block('TrailGuard-ManagementAccount');
    expect(management).toContain('0 stack instances now; 2 stack instances after this deploy');
    expect(management).toMatch(/environment\s+~ REMEDIATION_MODE: notify-only → remediate/);

    const parent = out.slice(
      out.indexOf('stack TrailGuard — '),
      out.indexOf('StackSet TrailGuard-Central — '),
    );
    expect(parent).toMatch(/\+ AWS::Organizations::Policy PreventionPolicy\w+/);
    expect(parent).toMatch(
      /SCP\s+\+ \[DenyTrailTampering\] Deny cloudtrail:StopLogging, cloudtrail:DeleteTrail, .* on \* when aws:PrincipalArn ArnNotLike arn:aws:iam::\*:role\/stacksets-exec-\*, arn:aws:iam::\*:role\/trailguard-remediation-\*$/m,
    );
    expect(parent).toMatch(/SCP\s+\+ attached to ou-/);

    const callOuts = out.slice(out.indexOf('Look closely:'));
    expect(callOuts).toMatch(
      /IAM policies and trust: TrailGuard-Members \(1 line\), TrailGuard-ManagementAccount \(1 line\)\./,
    );
    expect(callOuts).toMatch(
      /Service control policy: TrailGuard \(\d+ lines\) — it applies to every account of the configured OUs\./,
    );
    expect(callOuts).toMatch(
      /Function environment: TrailGuard-Members \(1 line\), TrailGuard-ManagementAccount/,
    );
    expect(callOuts).toContain('Reach: TrailGuard-Members updates 4 stack instances.');

    const json = captureIo(clients);
    await runWithConfig(configFile, () => planCommand(['--diff', '--json'], json.io, { buildApp: quickApp }));
    const document = JSON.parse(json.out()) as { diff: UnitDiff[]; totals: { stackInstances: number } };
    expect(document.totals.stackInstances).toBe(8);
    expect(document.diff.map((d) => [d.name, d.status])).toEqual([
      ['TrailGuard', 'changed'],
      ['TrailGuard-Central', 'unchanged'],
      ['TrailGuard-Members', 'changed'],
      ['TrailGuard-ManagementAccount', 'changed'],
    ]);
    clients.destroy();
  }, 120_000);

  it('says there is nothing to change when the deployed templates are the synthesized ones', async () => {
    const { org, configFile, clients } = await organizationReadyToDeploy(emulator());
    const now = synthesizeTemplates(standardConfig(org));
    await deployVersion(emulator(), { ...now, memberOus: [], regions: [] });
    const { io, out } = captureIo(clients);
    await runWithConfig(configFile, () =>
      planCommand(['--diff', '--outdir', `${now.outdir}-again`], io, { buildApp: quickApp }),
    );
    expect(out()).toMatch(/stack TrailGuard — .*\n {2}no change/);
    expect(out()).toMatch(
      /StackSet TrailGuard-Members — .*\n {2}0 stack instances now; 8 stack instances after this deploy\n {2}no change/,
    );
    expect(out()).not.toContain('Look closely:');
    // --outdir keeps the assembly it compared.
    expect(readFileSync(`${now.outdir}-again/TrailGuard.template.json`, 'utf8')).toContain(
      'TrailGuard-Members',
    );
    clients.destroy();
  }, 120_000);

  it('refuses --diff with --offline, and --outdir without --diff (exit 2)', async () => {
    const org = await standardOrganization(emulator());
    const clients = await managementClients(emulator());
    const { io } = captureIo(clients);
    expect(await runWithConfig(writeConfig(org), () => planCommand(['--diff', '--offline'], io))).toBe(2);
    expect(await runWithConfig(writeConfig(org), () => planCommand(['--outdir', 'x'], io))).toBe(2);
    clients.destroy();
  });
});
