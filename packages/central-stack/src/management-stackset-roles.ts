import { FUNCTION_LOG_GROUP, TRAILGUARD_NAMES } from '@trailguard/member-stack';
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { MANAGEMENT_ADMINISTRATION_ROLE_NAME, MANAGEMENT_EXECUTION_ROLE_NAME, STACKSET_NAMES } from './names';

/** Stack instances of the management account's StackSet are named `StackSet-<name>-<id>`. */
const MANAGEMENT_STACKSET_NAME = STACKSET_NAMES.management;

/** Properties of the roles a self-managed StackSet needs in the management account. */
export interface ManagementStackSetRolesProps {
  /** The management account, where the member resources (and the execution role) live. */
  readonly managementAccountId: string;
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
 * CDK bootstrapping. The execution role may touch TrailGuard's own resources and nothing else.
 */
export class ManagementStackSetRoles extends Construct {
  /** The role CloudFormation uses to run the StackSet. */
  readonly administrationRole: iam.Role;
  /** The role CloudFormation assumes in the management account, in every region, if created here. */
  readonly executionRole?: iam.Role;

  constructor(scope: Construct, id: string, props: ManagementStackSetRolesProps) {
    super(scope, id);
    const account = props.managementAccountId;
    const prefix = TRAILGUARD_NAMES.prefix;

    // cdk-stacksets adds sts:AssumeRole on the execution role's name to this role.
    this.administrationRole = new iam.Role(this, 'AdministrationRole', {
      roleName: MANAGEMENT_ADMINISTRATION_ROLE_NAME,
      description: 'TrailGuard: runs the management-account StackSet.',
      assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    const adminFindings = {
      [`Resource::arn:aws:iam::*:role/${MANAGEMENT_EXECUTION_ROLE_NAME}`]:
        'cdk-stacksets grants the administration role sts:AssumeRole on the execution role name in any account; this StackSet targets only the management account, whose execution role trusts only this role.',
    };
    for (const [finding, reason] of Object.entries(adminFindings)) {
      Validations.of(this.administrationRole).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }
    if (props.createExecutionRole === false) return;

    const executionRole = new iam.Role(this, 'ExecutionRole', {
      roleName: MANAGEMENT_EXECUTION_ROLE_NAME,
      description: 'TrailGuard: creates the member resources in the management account.',
      assumedBy: new iam.ArnPrincipal(this.administrationRole.roleArn),
      inlinePolicies: {
        memberResources: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'OwnStackInstances',
              actions: ['cloudformation:*'],
              resources: [
                `arn:aws:cloudformation:*:${account}:stack/StackSet-${MANAGEMENT_STACKSET_NAME}-*/*`,
              ],
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
              actions: ['lambda:*', 'events:*', 'sqs:*', 'logs:*'],
              resources: [
                `arn:aws:lambda:*:${account}:function:${prefix}*`,
                `arn:aws:events:*:${account}:rule/${prefix}*`,
                `arn:aws:sqs:*:${account}:${prefix}*`,
                `arn:aws:logs:*:${account}:log-group:${FUNCTION_LOG_GROUP}`,
                `arn:aws:logs:*:${account}:log-group:${FUNCTION_LOG_GROUP}:*`,
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
    const bounds =
      'bounded by this account and the "trailguard-" names the member template gives (this role\'s own name does not match)';
    this.executionRole = executionRole;
    const executionFindings = {
      'Action::cloudformation:*': `The execution role runs the stack instances of this one StackSet, ${bounds}.`,
      [`Resource::arn:aws:cloudformation:*:${account}:stack/StackSet-${MANAGEMENT_STACKSET_NAME}-*/*`]:
        'Stack instances of this StackSet are named StackSet-<name>-<generated id>, in every configured region.',
      [`Resource::arn:aws:iam::${account}:role/${prefix}*`]: `The member template creates the function and forwarding roles, one per region, ${bounds}.`,
      'Action::lambda:*': `Creating, updating and deleting the remediation function and its permissions, ${bounds}.`,
      'Action::events:*': `Creating, updating and deleting the tamper and sweep rules and their targets, ${bounds}.`,
      'Action::sqs:*': `Creating, updating and deleting the dead-letter queue and its policy, ${bounds}.`,
      'Action::logs:*': `Creating, updating and deleting the function's log group, ${bounds}.`,
      [`Resource::arn:aws:lambda:*:${account}:function:${prefix}*`]: `The remediation function in every configured region, ${bounds}.`,
      [`Resource::arn:aws:events:*:${account}:rule/${prefix}*`]: `The tamper and sweep rules in every configured region, ${bounds}.`,
      [`Resource::arn:aws:sqs:*:${account}:${prefix}*`]: `The dead-letter queue in every configured region, ${bounds}.`,
      [`Resource::arn:aws:logs:*:${account}:log-group:${FUNCTION_LOG_GROUP}`]:
        "The function's log group, in every configured region.",
      [`Resource::arn:aws:logs:*:${account}:log-group:${FUNCTION_LOG_GROUP}:*`]:
        "The function's log group as CloudWatch Logs names it in IAM (with a trailing :*), in every configured region.",
      [`Resource::arn:aws:logs:*:${account}:log-group:*`]:
        'CloudFormation checks whether the log group exists with logs:DescribeLogGroups, which IAM only scopes to all groups of an account; this statement allows nothing else.',
    };
    for (const [finding, reason] of Object.entries(executionFindings)) {
      Validations.of(executionRole).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }
  }
}
