/**
 * Names of what `pnpm run deploy` creates, shared by the stacks and the operator commands so that
 * `coverage` finds exactly what the deployer made.
 */

/** The service-managed StackSet that puts the member stack into every targeted account × region. */
export const MEMBER_STACK_SET_NAME = 'TrailGuard-Member';

/** The CloudFormation stack holding the member resources in the management account, per region. */
export function managementStackName(region: string): string {
  return `TrailGuard-Management-${region}`;
}
