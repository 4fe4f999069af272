import { runSimulation } from '@cloud-copilot/iam-simulate';
import { preventionPolicyDocument } from '@trailguard/central-stack';
import { parseConfig, type TrailGuardConfig } from '@trailguard/config';
import { arnLike } from '../../src/arn-like';
import { preventionVerdict } from '../../src/commands/verify/prevention';
import { principalArnOf } from '../../src/principal';

const MEMBER = '888888888888';
const MANAGEMENT = '111111111111';
const BREAK_GLASS = [
  `arn:aws:iam::${MEMBER}:role/BreakGlass`,
  `arn:aws:iam::${MEMBER}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_*`,
  `arn:aws:iam::${MEMBER}:user/ops/emergency-*`,
];

function config(enabled: boolean): TrailGuardConfig {
  return parseConfig({
    organizationId: 'o-a1b2c3d4e5',
    organizationRootId: 'r-a1b2',
    managementAccountId: MANAGEMENT,
    securityAccountId: '222222222222',
    homeRegion: 'eu-west-1',
    organizationalUnits: ['ou-a1b2-workload1'],
    regions: ['eu-west-1'],
    notificationEmails: ['security@example.com'],
    prevention: { enabled, breakGlassPrincipals: BREAK_GLASS },
  });
}

/** What an IAM policy simulator decides for StopLogging by `principal` under the real SCP. */
async function scpDecision(principal: string): Promise<string> {
  const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const result = await runSimulation(
    {
      request: {
        principal,
        action: 'cloudtrail:StopLogging',
        resource: {
          resource: `arn:aws:cloudtrail:eu-west-1:${MEMBER}:trail/trailguard-verify-1`,
          accountId: MEMBER,
        },
        contextVariables: { 'aws:PrincipalArn': principal },
      },
      identityPolicies: [{ name: 'admin', policy: allowAll }],
      serviceControlPolicies: [
        { orgIdentifier: 'r-root', policies: [{ name: 'FullAWSAccess', policy: allowAll }] },
        {
          orgIdentifier: 'ou-a1b2-workload1',
          policies: [
            { name: 'FullAWSAccess', policy: allowAll },
            { name: 'trailguard', policy: preventionPolicyDocument(BREAK_GLASS) },
          ],
        },
      ],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType !== 'single') throw new Error(`unexpected simulation: ${JSON.stringify(result)}`);
  return result.overallResult;
}

describe('what the prevention SCP does to verify', () => {
  const principals = [
    `arn:aws:iam::${MEMBER}:role/BreakGlass`,
    `arn:aws:iam::${MEMBER}:role/BreakGlassToo`,
    `arn:aws:iam::${MEMBER}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_BreakGlass_0123abcd`,
    `arn:aws:iam::${MEMBER}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123abcd`,
    `arn:aws:iam::${MEMBER}:user/ops/emergency-1`,
    `arn:aws:iam::${MEMBER}:user/dev/emergency-1`,
    `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`,
    `arn:aws:iam::${MEMBER}:role/stacksets-exec-0123456789abcdef`,
    `arn:aws:iam::${MEMBER}:role/trailguard-remediation-eu-west-1`,
    `arn:aws:iam::${MEMBER}:role/trailguard-remediation`,
    `arn:aws:iam::999999999999:role/BreakGlass`,
  ];

  it.each(principals)(
    'decides %s as an IAM policy simulator decides the synthesized SCP',
    async (principal) => {
      const verdict = preventionVerdict(config(true), { account: MEMBER, principal, underTargets: true });
      const simulated = await scpDecision(principal);
      expect(['Allowed', 'ExplicitlyDenied']).toContain(simulated);
      expect(verdict.kind === 'denied').toBe(simulated === 'ExplicitlyDenied');
    },
  );

  it('names the pattern that exempts a break-glass principal', () => {
    expect(
      preventionVerdict(config(true), {
        account: MEMBER,
        principal: `arn:aws:iam::${MEMBER}:user/ops/emergency-1`,
        underTargets: true,
      }),
    ).toEqual({
      kind: 'exempt',
      principal: `arn:aws:iam::${MEMBER}:user/ops/emergency-1`,
      pattern: `arn:aws:iam::${MEMBER}:user/ops/emergency-*`,
    });
  });

  it('says nothing applies when prevention is off, in the management account, or outside the OUs', () => {
    const principal = `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`;
    expect(preventionVerdict(config(false), { account: MEMBER, principal }).kind).toBe('off');
    expect(preventionVerdict(config(true), { account: MANAGEMENT, principal }).kind).toBe('not-attached');
    expect(preventionVerdict(config(true), { account: MEMBER, principal, underTargets: false }).kind).toBe(
      'not-attached',
    );
    // Unknown placement: assume the policy applies.
    expect(preventionVerdict(config(true), { account: MEMBER, principal }).kind).toBe('denied');
  });

  it("reads a role session's principal ARN as its role's, which is what the SCP compares", () => {
    expect(principalArnOf(`arn:aws:sts::${MEMBER}:assumed-role/BreakGlass/alice`)).toEqual({
      arn: `arn:aws:iam::${MEMBER}:role/BreakGlass`,
      roleName: 'BreakGlass',
    });
    expect(principalArnOf(`arn:aws:iam::${MEMBER}:user/ops/bob`)).toEqual({
      arn: `arn:aws:iam::${MEMBER}:user/ops/bob`,
    });
  });
});

describe('arnLike', () => {
  it('compares each of the six parts on its own, with * and ? inside a part', () => {
    expect(arnLike('arn:aws:iam::*:role/x-*', 'arn:aws:iam::123456789012:role/x-a/b')).toBe(true);
    expect(arnLike('arn:aws:iam::1234567890?2:role/x', 'arn:aws:iam::123456789012:role/x')).toBe(true);
    expect(arnLike('arn:aws:iam::*:role/x', 'arn:aws:iam::123456789012:role/xy')).toBe(false);
    expect(arnLike('arn:aws:iam::*', 'arn:aws:iam::123456789012:role/x')).toBe(false);
    expect(
      arnLike('arn:aws:logs:*:*:log-group:/a:*', 'arn:aws:logs:eu-west-1:1:log-group:/a:log-stream:s'),
    ).toBe(true);
    expect(arnLike('arn:aws:iam::*:role/X', 'arn:aws:iam::1:role/x')).toBe(false);
    expect(arnLike('arn:aws:iam::*:role/a.b', 'arn:aws:iam::1:role/aXb')).toBe(false);
    expect(arnLike('arn:aws:iam::*:role/x', 'not-an-arn')).toBe(false);
  });
});
