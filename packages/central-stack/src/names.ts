import { PARENT_STACK_ID, STACKSET_NAMES } from './deployment';

/**
 * Names of what `pnpm run deploy` creates, as the operator commands look them up: taken from the
 * stacks' own definitions (deployment.ts) so the two cannot drift apart.
 */

/** The one CloudFormation stack `cdk deploy` deploys, in the management account's home region. */
export const PARENT_STACK_NAME = PARENT_STACK_ID;

/** Service-managed StackSet narrowed to the security account: topic, key, bus. */
export const CENTRAL_STACK_SET_NAME = STACKSET_NAMES.central;

/** Service-managed StackSet: the member stack in every targeted account × region. */
export const MEMBER_STACK_SET_NAME = STACKSET_NAMES.members;

/** Self-managed StackSet: the member stack in the management account × every region. */
export const MANAGEMENT_STACK_SET_NAME = STACKSET_NAMES.management;
