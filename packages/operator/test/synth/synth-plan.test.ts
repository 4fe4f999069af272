import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildApp } from '@trailguard/central-stack';
import { parseConfig } from '@trailguard/config';
import { renderPlan } from '../../src/commands/synth/synth-plan';

describe('the plan `pnpm synth` prints', () => {
  // Values unlike the example configuration, so nothing passes by echoing the example.
  const config = parseConfig({
    organizationId: 'o-zz9y8x7w6v',
    organizationRootId: 'r-zz9y',
    managementAccountId: '333333333333',
    securityAccountId: '444444444444',
    homeRegion: 'ap-southeast-2',
    organizationalUnits: ['ou-zz9y-aaaaaaaa', 'ou-zz9y-bbbbbbbb'],
    regions: ['ap-southeast-2', 'us-west-2', 'eu-north-1', 'sa-east-1'],
    notificationEmails: ['soc@example.org'],
    excludedAccounts: ['555555555555', '666666666666'],
  });
  const outdir = mkdtempSync(path.join(tmpdir(), 'trailguard-synth-plan-'));
  beforeAll(() => {
    buildApp(config, { outdir, validateTemplates: false }).synth();
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('prints a plan naming each StackSet, its accounts, regions and template size', () => {
    const plan = renderPlan(config, outdir);
    expect(plan).toMatch(
      /TrailGuard-Central \(service-managed StackSet\)\n\s+to:\s+security account 444444444444/,
    );
    expect(plan).toMatch(/TrailGuard-Members[\s\S]*ou-zz9y-aaaaaaaa[\s\S]*except 555555555555, 666666666666/);
    expect(plan).toMatch(
      /TrailGuard-ManagementAccount[\s\S]*regions:\s+ap-southeast-2, us-west-2, eu-north-1, sa-east-1/,
    );
    expect(plan).toMatch(/Member template: [\d,]+ bytes, (within|over) the 51,200-byte TemplateBody limit/);
  });
});
