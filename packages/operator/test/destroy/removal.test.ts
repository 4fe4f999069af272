import '../../src/bin/quiet-deprecations';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildApp } from '@trailguard/central-stack';
import { STACKSET_NAMES, TEMPLATE_FILES } from '@trailguard/central-stack/names';
import { parseConfig, type TrailGuardConfig } from '@trailguard/config';
import type { Inventory } from '../../src/commands/destroy/inventory';
import {
  type ParentTemplate,
  renderLeftovers,
  renderRemovalPlan,
  renderWhatStays,
  stackSetDeletionWaves,
} from '../../src/commands/destroy/removal';

function config(callAs: 'SELF' | 'DELEGATED_ADMIN' = 'SELF', prevention = false): TrailGuardConfig {
  return parseConfig({
    organizationId: 'o-zz9y8x7w6v',
    organizationRootId: 'r-zz9y',
    managementAccountId: '333333333333',
    securityAccountId: '444444444444',
    homeRegion: 'ap-southeast-2',
    organizationalUnits: ['ou-zz9y-aaaaaaaa', 'ou-zz9y-bbbbbbbb'],
    regions: ['ap-southeast-2', 'us-west-2'],
    notificationEmails: ['soc@example.org'],
    stackSet: { callAs },
    prevention: { enabled: prevention, breakGlassPrincipals: [] },
  });
}

const instance = (account: string, region: string, organizationalUnitId?: string) => ({
  account,
  region,
  status: 'CURRENT',
  ...(organizationalUnitId ? { organizationalUnitId } : {}),
});

describe('the order CloudFormation deletes the StackSets in', () => {
  it.each(['SELF', 'DELEGATED_ADMIN'] as const)(
    'in the synthesized app (%s): members and the management account first, then the central StackSet',
    (callAs) => {
      const outdir = mkdtempSync(path.join(tmpdir(), 'trailguard-removal-'));
      try {
        buildApp(config(callAs, true), { outdir, validateTemplates: false }).synth();
        const template = JSON.parse(
          readFileSync(path.join(outdir, TEMPLATE_FILES.parent), 'utf8'),
        ) as ParentTemplate;
        const waves = stackSetDeletionWaves(template).map((wave) => [...wave].sort());
        expect(waves).toEqual([
          [STACKSET_NAMES.management, STACKSET_NAMES.members],
          [STACKSET_NAMES.central],
        ]);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    },
  );

  it('follows DependsOn, Ref and Fn::GetAtt', () => {
    const stackSet = (name: string, extra: object = {}) => ({
      Type: 'AWS::CloudFormation::StackSet',
      Properties: { StackSetName: name },
      ...extra,
    });
    const template: ParentTemplate = {
      Resources: {
        Base: stackSet('base'),
        Middle: {
          ...stackSet('middle'),
          Properties: { StackSetName: 'middle', X: { 'Fn::GetAtt': ['Base', 'Id'] } },
        },
        Top: stackSet('top', { DependsOn: 'Middle' }),
        Side: { ...stackSet('side'), Properties: { StackSetName: 'side', Y: [{ Ref: 'Base' }] } },
        Role: { Type: 'AWS::IAM::Role' },
      },
    };
    expect(stackSetDeletionWaves(template)).toEqual([['top', 'side'], ['middle'], ['base']]);
  });
});

describe('what pnpm run destroy says', () => {
  const deployed: Inventory = {
    parentStack: { name: 'TrailGuard', status: 'UPDATE_COMPLETE' },
    stackSets: [
      {
        name: STACKSET_NAMES.central,
        callAs: 'SELF',
        permissionModel: 'SERVICE_MANAGED',
        instances: [instance('444444444444', 'ap-southeast-2')],
      },
    ],
  };

  it('lists only what is deployed, numbered in the order it goes, and the SCP when there is one', () => {
    const waves = [[STACKSET_NAMES.members, STACKSET_NAMES.management], [STACKSET_NAMES.central]];
    const plan = renderRemovalPlan(deployed, waves, config('SELF', true));
    expect(plan).toContain('deletes the stack TrailGuard (UPDATE_COMPLETE) in ap-southeast-2');
    expect(plan).toContain(
      `  1.  ${STACKSET_NAMES.central}: 1 stack instance (1 account × ap-southeast-2), then the StackSet`,
    );
    expect(plan).toContain(
      "  2.  the stack TrailGuard itself: the management StackSet's roles, the prevention SCP",
    );
    expect(plan).not.toContain(STACKSET_NAMES.members);
  });

  it('gives the commands for StackSets left behind, by permission model and caller', () => {
    const left = renderLeftovers(
      {
        stackSets: [
          {
            name: STACKSET_NAMES.members,
            callAs: 'DELEGATED_ADMIN',
            permissionModel: 'SERVICE_MANAGED',
            instances: [
              instance('555555555555', 'us-west-2', 'ou-zz9y-aaaaaaaa'),
              instance('555555555555', 'ap-southeast-2', 'ou-zz9y-aaaaaaaa'),
            ],
          },
          {
            name: STACKSET_NAMES.management,
            callAs: 'SELF',
            permissionModel: 'SELF_MANAGED',
            instances: [],
          },
        ],
      },
      config('DELEGATED_ADMIN'),
    );
    expect(left).toContain(
      `aws cloudformation delete-stack-instances --stack-set-name ${STACKSET_NAMES.members} --region ap-southeast-2 --deployment-targets '{"OrganizationalUnitIds":["ou-zz9y-aaaaaaaa"]}' --regions us-west-2 ap-southeast-2 --no-retain-stacks --call-as DELEGATED_ADMIN`,
    );
    expect(left).toContain(
      `the StackSet ${STACKSET_NAMES.management}, no stack instances, without the stack that created it.`,
    );
    expect(left).not.toContain(`delete-stack-instances --stack-set-name ${STACKSET_NAMES.management}`);
    expect(left).toMatch(
      new RegExp(
        `Delete the StackSet:\n\\s+aws cloudformation delete-stack-set --stack-set-name ${STACKSET_NAMES.management} --region ap-southeast-2$`,
      ),
    );
  });

  it('points at the stack events when the stack itself failed to delete', () => {
    const left = renderLeftovers(
      { parentStack: { name: 'TrailGuard', status: 'DELETE_FAILED' }, stackSets: [] },
      config(),
    );
    expect(left).toContain('the stack TrailGuard (DELETE_FAILED)');
    expect(left).toContain(
      'aws cloudformation describe-stack-events --stack-name TrailGuard --region ap-southeast-2',
    );
  });

  it('says what stays: the retained key and log groups, and the hand-made role only from a delegated administrator', () => {
    const self = renderWhatStays(config());
    expect(self).toContain(
      'the KMS key of the notification topic (security account 444444444444, ap-southeast-2)',
    );
    expect(self).toContain(
      'aws kms describe-key --key-id alias/trailguard-notifications --region ap-southeast-2',
    );
    const [stays, goes] = self.split('What goes with the stacks');
    expect(goes).toContain('the event archive trailguard-events and every event in it');
    expect(goes).not.toContain('log group');
    expect(stays).toContain(
      "the function's log groups /aws/lambda/trailguard-remediation/<stack id> in every account and region",
    );
    expect(stays).toContain(`until\n    their retention (${config().logRetentionDays} days) ends`);
    expect(stays).toContain('aws logs delete-log-group --log-group-name');
    expect(self).not.toContain('TrailGuardStackSetExecution');
    expect(renderWhatStays(config('DELEGATED_ADMIN'))).toContain(
      'the role TrailGuardStackSetExecution you created by hand',
    );
  });
});
