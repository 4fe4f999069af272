/**
 * Names of what `pnpm run deploy` creates, as the operator commands look them up. They match
 * `PARENT_STACK_ID` and `STACKSET_NAMES` of the stacks (deployment.ts); keep the two in step.
 */

/** The one CloudFormation stack `cdk deploy` deploys, in the management account's home region. */
export const PARENT_STACK_NAME = 'TrailGuard';

/** Service-managed StackSet narrowed to the security account: topic, key, bus. */
export const CENTRAL_STACK_SET_NAME = 'TrailGuard-Central';

/** Service-managed StackSet: the member stack in every targeted account × region. */
export const MEMBER_STACK_SET_NAME = 'TrailGuard-Members';

/** Self-managed StackSet: the member stack in the management account × every region. */
export const MANAGEMENT_STACK_SET_NAME = 'TrailGuard-ManagementAccount';
