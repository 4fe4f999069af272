import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { VERIFY_CANARY_PREFIX } from '@trailguard/config/defaults';
import { bootstrapRoleNames, CDK_BOOTSTRAP_QUALIFIER } from './cdk/bootstrap';

/**
 * The IAM policy the principal that runs `pnpm run deploy` (and the other commands) needs, as a
 * file to attach: every call the commands make with the caller's own credentials (the tests
 * derive them from the code and from the calls the emulator suites record), while `cdk deploy`
 * acts through the CDK bootstrap roles it assumes and calls in other accounts go through a role.
 */
export const DEPLOYER_POLICY_FILE = path.resolve(__dirname, '..', 'deployer-policy.json');

/** One statement of the policy file. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string | string[];
  readonly Resource: string | string[];
}

/** Reads the policy file. */
export function readDeployerPolicy(file = DEPLOYER_POLICY_FILE): { Statement: PolicyStatement[] } {
  return JSON.parse(readFileSync(file, 'utf8')) as { Statement: PolicyStatement[] };
}

/** Where the deployment happens, for the concrete ARNs the IAM policy simulator is asked about. */
export interface DeployerContext {
  /** The deploying account (the caller's). */
  readonly account: string;
  /** The home region, where the parent stack and the StackSets live. */
  readonly region: string;
  /** An account `verify` reaches with OrganizationAccountAccessRole (the security account). */
  readonly memberAccount: string;
}

/** One question for the simulator: may the caller do these actions on these resources? */
export interface SimulationRequest {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

const asList = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

const assetsBucket = (account: string, region: string) =>
  `arn:aws:s3:::cdk-${CDK_BOOTSTRAP_QUALIFIER}-assets-${account}-${region}`;

/**
 * The resources the commands actually touch, per statement: the policy names them by pattern,
 * the simulator needs real ARNs. A statement without an entry here fails the unit test.
 */
export const CONCRETE_RESOURCES: Readonly<Record<string, (where: DeployerContext) => string[]>> = {
  DeployWithTheCdkBootstrapRoles: ({ account, region }) =>
    ['deploy', 'file-publishing', 'lookup'].map(
      (role) =>
        `arn:aws:iam::${account}:role/cdk-${CDK_BOOTSTRAP_QUALIFIER}-${role}-role-${account}-${region}`,
    ),
  ReadTheCdkBootstrapVersion: ({ account, region }) => [
    `arn:aws:ssm:${region}:${account}:parameter/cdk-bootstrap/${CDK_BOOTSTRAP_QUALIFIER}/version`,
  ],
  CheckTheCdkBootstrapBucket: ({ account, region }) => [assetsBucket(account, region)],
  // `deploy --canary` puts the member template (and the one it rolls back to) where cdk deploy would.
  PublishTheCanaryTemplates: ({ account, region }) => [
    `${assetsBucket(account, region)}/${'0'.repeat(64)}.json`,
  ],
  CheckTheCdkBootstrapRoles: ({ account, region }) =>
    bootstrapRoleNames(account, region).map((name) => `arn:aws:iam::${account}:role/${name}`),
  FindTheIdentityCenterRolePath: ({ account }) => [
    `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Deployer_0123456789abcdef`,
  ],
  ReadTheOrganization: () => ['*'],
  ReadTheRegions: () => ['*'],
  ReadTheTrailGuardStack: ({ account, region }) => [
    `arn:aws:cloudformation:${region}:${account}:stack/TrailGuard/00000000-0000-0000-0000-000000000000`,
  ],
  ReadTheTrailGuardStackSets: ({ account, region }) => [
    `arn:aws:cloudformation:${region}:${account}:stackset/TrailGuard-Members:00000000-0000-0000-0000-000000000000`,
  ],
  FindTheSecurityHubAdministrator: () => ['*'],
  RollOutToTheCanaryOu: ({ account, region }) => [
    `arn:aws:cloudformation:${region}:${account}:stackset/TrailGuard-Members:00000000-0000-0000-0000-000000000000`,
  ],
  ListTheStackSets: () => ['*'],
  DetectControlTower: ({ account }) => [`arn:aws:iam::${account}:role/service-role/AWSControlTowerAdmin`],
  ListTheTrails: () => ['*'],
  ReadTheTrailStatus: ({ account, region }) => [
    `arn:aws:cloudtrail:${region}:${account}:trail/aws-controltower-BaselineCloudTrail`,
  ],
  CheckTheseVeryPermissions: () => ['*'],
  VerifyInMemberAccounts: ({ memberAccount }) => [
    `arn:aws:iam::${memberAccount}:role/OrganizationAccountAccessRole`,
  ],
  ReadAccountTrailsUnderControlTower: ({ memberAccount }) => [
    `arn:aws:iam::${memberAccount}:role/AWSControlTowerExecution`,
  ],
  VerifyWithACanaryTrail: ({ account, region }) => [
    `arn:aws:cloudtrail:${region}:${account}:trail/${VERIFY_CANARY_PREFIX}0a1b2c3d`,
  ],
  VerifyWithACanaryBucket: ({ account }) => [`arn:aws:s3:::${VERIFY_CANARY_PREFIX}${account}-0a1b2c3d`],
  EmptyTheCanaryBucket: ({ account, region }) => [
    `arn:aws:s3:::${VERIFY_CANARY_PREFIX}${account}-0a1b2c3d/AWSLogs/${account}/CloudTrail/${region}/log.json.gz`,
  ],
};

/** The simulator questions for every statement of the policy, with concrete ARNs. Pure. */
export function simulationRequests(
  policy: { Statement: readonly PolicyStatement[] },
  where: DeployerContext,
): SimulationRequest[] {
  return policy.Statement.map((statement) => {
    const resources = CONCRETE_RESOURCES[statement.Sid];
    if (!resources)
      throw new Error(`deployer-policy.json: no concrete resources for statement ${statement.Sid}`);
    return { sid: statement.Sid, actions: asList(statement.Action), resources: resources(where) };
  });
}
