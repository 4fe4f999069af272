import { FUNCTION_LOG_GROUP_PATTERN, TRAILGUARD_NAMES } from '@trailguard/member-stack';
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { MANAGEMENT_ADMINISTRATION_ROLE_NAME, MANAGEMENT_EXECUTION_ROLE_NAME } from './names';

/** Properties of the roles a self-managed StackSet needs in the management account. */
export interface ManagementStackSetRolesProps {
  /** The management account, where the member resources (and the execution role) live. */
  readonly managementAccountId: string;
  /** Regions the StackSet deploys to; those disabled by default need their own CloudFormation principal. */
  readonly regions: readonly string[];
  /**
   * Create the execution role in this stack, which is only possible when this stack is in the
   * management account; otherwise it must exist there already (see the README). @default true
   */
  readonly createExecutionRole?: boolean;
}

/**
 * The administration and execution roles of the self-managed StackSet that puts the member
 * resources into the management account in every region (service-managed StackSets skip that
 * account). Both live in the parent stack, so only the management account's home region needs
 * CDK bootstrapping. Besides what AWS documents as the minimum for any StackSet (CloudFormation,
 * S3, SNS), the execution role may touch TrailGuard's own resources and nothing else.
 */
export class ManagementStackSetRoles extends Construct {
  /** The role CloudFormation uses to run the StackSet. */
  readonly administrationRole: iam.Role;
  /** The same role, as the StackSet should be given it (see the constructor). */
  readonly stackSetAdministrationRole: iam.IRole;
  /** The role CloudFormation assumes in the management account, in every region, if created here. */
  readonly executionRole?: iam.Role;

  constructor(scope: Construct, id: string, props: ManagementStackSetRolesProps) {
    super(scope, id);
    this.administrationRole = administrationRole(this, props);
    // cdk-stacksets adds to a Role it is given: sts:AssumeRole on the execution role of any
    // account, and regional principals without conditions from its own region list. It leaves
    // an immutable reference alone, so the policy and trust of the role are the whole of it.
    this.stackSetAdministrationRole = iam.Role.fromRoleArn(
      this,
      'AdministrationRoleRef',
      this.administrationRole.roleArn,
      {
        mutable: false,
      },
    );
    if (props.createExecutionRole === false) return;
    this.executionRole = executionRole(this, props.managementAccountId, this.administrationRole);
  }
}

/**
 * The role CloudFormation runs the StackSet as. Its policy is inline, so the permission exists as
 * soon as the role does (cdk-stacksets #438).
 */
function administrationRole(scope: Construct, props: ManagementStackSetRolesProps): iam.Role {
  // Regions disabled by default reach the administration role through their regional
  // CloudFormation principal (CloudFormation guide, self-managed permissions, trust policy 2).
  const optIn = props.regions.filter((region) => RegionInfo.get(region).isOptInRegion);
  const fromThisAccount = { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } };
  const role = new iam.Role(scope, 'AdministrationRole', {
    roleName: MANAGEMENT_ADMINISTRATION_ROLE_NAME,
    description: 'TrailGuard: runs the management-account StackSet.',
    assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com', { conditions: fromThisAccount }),
    inlinePolicies: {
      assumeExecutionRole: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            actions: ['sts:AssumeRole'],
            resources: [`arn:aws:iam::${props.managementAccountId}:role/${MANAGEMENT_EXECUTION_ROLE_NAME}`],
          }),
        ],
      }),
    },
  });
  if (optIn.length > 0) {
    role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        principals: optIn.map((region) => new iam.ServicePrincipal(`cloudformation.${region}.amazonaws.com`)),
        conditions: fromThisAccount,
      }),
    );
  }
  return role;
}

/** The role CloudFormation assumes in the management account to create the member resources. */
function executionRole(scope: Construct, account: string, administrationRole: iam.IRole): iam.Role {
  const prefix = TRAILGUARD_NAMES.prefix;
  const role = new iam.Role(scope, 'ExecutionRole', {
    roleName: MANAGEMENT_EXECUTION_ROLE_NAME,
    description: 'TrailGuard: creates the member resources in the management account.',
    assumedBy: new iam.ArnPrincipal(administrationRole.roleArn),
    inlinePolicies: {
      memberResources: new iam.PolicyDocument({
        statements: [
          // The documented minimum for StackSets to work at all (CloudFormation guide,
          // self-managed permissions): full CloudFormation, S3 and SNS.
          new iam.PolicyStatement({
            sid: 'StackSetsMinimum',
            actions: ['cloudformation:*', 's3:*', 'sns:*'],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'TrailGuardRoles',
            actions: [
              'iam:CreateRole',
              'iam:DeleteRole',
              'iam:GetRole',
              'iam:PassRole',
              'iam:UpdateRole',
              'iam:UpdateRoleDescription',
              'iam:UpdateAssumeRolePolicy',
              'iam:PutRolePolicy',
              'iam:GetRolePolicy',
              'iam:DeleteRolePolicy',
              'iam:ListRolePolicies',
              'iam:ListAttachedRolePolicies',
              'iam:TagRole',
              'iam:UntagRole',
              'iam:ListRoleTags',
            ],
            resources: [`arn:aws:iam::${account}:role/${prefix}*`],
          }),
          new iam.PolicyStatement({
            sid: 'TrailGuardResources',
            actions: ['lambda:*', 'events:*', 'sqs:*', 'logs:*', 'cloudwatch:*', 'dynamodb:*'],
            resources: [
              `arn:aws:lambda:*:${account}:function:${prefix}*`,
              `arn:aws:dynamodb:*:${account}:table/${prefix}*`,
              `arn:aws:events:*:${account}:rule/${prefix}*`,
              `arn:aws:sqs:*:${account}:${prefix}*`,
              `arn:aws:cloudwatch:*:${account}:alarm:${prefix}*`,
              `arn:aws:logs:*:${account}:log-group:${FUNCTION_LOG_GROUP_PATTERN}`,
              `arn:aws:logs:*:${account}:log-group:${FUNCTION_LOG_GROUP_PATTERN}:*`,
            ],
          }),
          new iam.PolicyStatement({
            sid: 'FindLogGroups',
            actions: ['logs:DescribeLogGroups'],
            resources: [`arn:aws:logs:*:${account}:log-group:*`],
          }),
        ],
      }),
    },
  });
  acknowledgeExecutionFindings(role, account);
  return role;
}

/** The cdk-nag findings of the execution role's wildcards, each with its reason. */
function acknowledgeExecutionFindings(role: iam.Role, account: string): void {
  const prefix = TRAILGUARD_NAMES.prefix;
  const bounds =
    'bounded by this account and the "trailguard-" names the member template gives (this role\'s own name does not match)';
  const documentedMinimum =
    'AWS documents cloudformation:*, s3:* and sns:* on all resources as the minimum an execution role needs for StackSets to work ("your target account always needs full AWS CloudFormation permissions"); only this StackSet\'s administration role can assume the role.';
  const executionFindings = {
    'Action::cloudformation:*': documentedMinimum,
    'Action::s3:*': documentedMinimum,
    'Action::sns:*': documentedMinimum,
    'Resource::*': documentedMinimum,
    'Action::cloudwatch:*': `Creating, updating and deleting the alarms on the function, ${bounds}.`,
    [`Resource::arn:aws:cloudwatch:*:${account}:alarm:${prefix}*`]: `The alarms on the function in every configured region, ${bounds}.`,
    [`Resource::arn:aws:iam::${account}:role/${prefix}*`]: `The member template creates the function and forwarding roles, one per region, ${bounds}.`,
    'Action::lambda:*': `Creating, updating and deleting the remediation function and its permissions, ${bounds}.`,
    'Action::events:*': `Creating, updating and deleting the tamper, sweep and alarm rules and their targets, ${bounds}.`,
    'Action::sqs:*': `Creating, updating and deleting the dead-letter queue and its policy, ${bounds}.`,
    'Action::logs:*': `Creating, updating and deleting the function's log group, ${bounds}.`,
    'Action::dynamodb:*': `Creating, updating and deleting the function's state table and its TTL, ${bounds}.`,
    [`Resource::arn:aws:dynamodb:*:${account}:table/${prefix}*`]: `The function's state table in every configured region, ${bounds}.`,
    [`Resource::arn:aws:lambda:*:${account}:function:${prefix}*`]: `The remediation function in every configured region, ${bounds}.`,
    [`Resource::arn:aws:events:*:${account}:rule/${prefix}*`]: `The tamper, sweep and alarm rules in every configured region, ${bounds}.`,
    [`Resource::arn:aws:sqs:*:${account}:${prefix}*`]: `The dead-letter queue in every configured region, ${bounds}.`,
    [`Resource::arn:aws:logs:*:${account}:log-group:${FUNCTION_LOG_GROUP_PATTERN}`]:
      "The function's log group, in every configured region; each stack names its own after its stack id.",
    [`Resource::arn:aws:logs:*:${account}:log-group:${FUNCTION_LOG_GROUP_PATTERN}:*`]:
      "The function's log group as CloudWatch Logs names it in IAM (with a trailing :*), in every configured region; each stack names its own after its stack id.",
    [`Resource::arn:aws:logs:*:${account}:log-group:*`]:
      'CloudFormation checks whether the log group exists with logs:DescribeLogGroups, which IAM only scopes to all groups of an account; this statement allows nothing else.',
  };
  for (const [finding, reason] of Object.entries(executionFindings)) {
    Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}
