import '../../src/bin/quiet-deprecations';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildApp } from '@trailguard/central-stack';
import {
  describeDeployment,
  MANAGEMENT_EXECUTION_ROLE_NAME,
  TEMPLATE_FILES,
} from '@trailguard/central-stack/names';
import { parseConfig, type TrailGuardConfig } from '@trailguard/config';
import { planOffline } from '../../src/commands/plan/deployment-plan';
import { renderPlan } from '../../src/commands/plan/render';
import { renderDeploymentUnits } from '../../src/commands/plan/what-goes-where';
import { renderSynthPlan } from '../../src/commands/synth/synth-plan';

// Values unlike the example configuration, so nothing passes by echoing the example.
const MGMT = '333333333333';
function config(callAs: 'SELF' | 'DELEGATED_ADMIN'): TrailGuardConfig {
  return parseConfig({
    organizationId: 'o-zz9y8x7w6v',
    organizationRootId: 'r-zz9y',
    managementAccountId: MGMT,
    securityAccountId: '444444444444',
    homeRegion: 'ap-southeast-2',
    organizationalUnits: ['ou-zz9y-aaaaaaaa', 'ou-zz9y-bbbbbbbb'],
    regions: ['ap-southeast-2', 'us-west-2', 'eu-north-1', 'sa-east-1'],
    notificationEmails: ['soc@example.org'],
    excludedAccounts: ['555555555555', '666666666666'],
    stackSet: { callAs },
  });
}

describe.each(['SELF', 'DELEGATED_ADMIN'] as const)('what goes where, with stackSet.callAs %s', (callAs) => {
  const cfg = config(callAs);
  const outdir = mkdtempSync(path.join(tmpdir(), 'trailguard-synth-plan-'));
  let parentAccount: string;
  let parentTemplate: string;
  beforeAll(() => {
    const assembly = buildApp(cfg, { outdir, validateTemplates: false }).synth();
    parentAccount = assembly.getStackByName('TrailGuard').environment.account;
    parentTemplate = readFileSync(path.join(outdir, TEMPLATE_FILES.parent), 'utf8');
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('`pnpm synth` and `trailguard plan` print the same units', () => {
    const units = renderDeploymentUnits(describeDeployment(cfg));
    expect(renderPlan(planOffline(cfg))).toContain(units);
    // synth adds a template line to each unit and nothing else.
    const synthUnits = renderSynthPlan(cfg, outdir)
      .split('\n')
      .filter((line) => !line.startsWith('   template: '))
      .join('\n');
    expect(synthUnits).toContain(units);
  });

  it('puts the parent stack where the synthesized app puts it', () => {
    const parentTarget = describeDeployment(cfg)[0]?.targets;
    for (const text of [renderPlan(planOffline(cfg)), renderSynthPlan(cfg, outdir)]) {
      expect(text).toContain(`1. TrailGuard (stack)\n   to:       ${parentTarget}`);
    }
    if (callAs === 'SELF') {
      expect(parentAccount).toBe(MGMT);
      expect(parentTarget).toBe(`management account ${MGMT}`);
    } else {
      // No account in the stack's environment: it deploys to whichever account's credentials run cdk.
      expect(parentAccount).toBe('unknown-account');
      expect(parentTarget).toMatch(/^the delegated administrator account whose credentials deploy it/);
      expect(parentTarget).not.toContain(MGMT);
    }
  });

  it("says who creates the management StackSet's execution role", () => {
    const management = renderPlan(planOffline(cfg))
      .split('\n\n')
      .find((b) => b.startsWith('4. '));
    const createsRole = parentTemplate.includes(`"RoleName": "${MANAGEMENT_EXECUTION_ROLE_NAME}"`);
    expect(createsRole).toBe(callAs === 'SELF');
    if (createsRole) expect(management).not.toContain(MANAGEMENT_EXECUTION_ROLE_NAME);
    else
      expect(management).toContain(
        `needs the role ${MANAGEMENT_EXECUTION_ROLE_NAME} created once in the management account`,
      );
  });

  it('names each StackSet, its accounts, regions and template size', () => {
    const plan = renderSynthPlan(cfg, outdir);
    expect(plan).toMatch(
      /TrailGuard-Central \(service-managed StackSet\)\n\s+to:\s+security account 444444444444/,
    );
    expect(plan).toMatch(/TrailGuard-Members[\s\S]*ou-zz9y-aaaaaaaa[\s\S]*except 555555555555, 666666666666/);
    expect(plan).toMatch(
      /TrailGuard-ManagementAccount[\s\S]*regions:\s+ap-southeast-2, us-west-2, eu-north-1, sa-east-1/,
    );
    expect(plan).toMatch(/Member template: [\d,]+ bytes, (within|over) the 51,200-byte TemplateBody limit/);
    expect(plan).toMatch(new RegExp(`template: ${outdir}/${TEMPLATE_FILES.member} \\([\\d,]+ bytes\\)`));
  });
});
