import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { EMULATOR_DEFAULT_ACCOUNT, type Emulator } from './emulator';

/** An organization built in the emulator: ids by the names the test gave them. */
export interface TestOrganization {
  readonly organizationId: string;
  readonly rootId: string;
  readonly managementAccountId: string;
  /** OU ids by OU name. */
  readonly ous: Readonly<Record<string, string>>;
  /** Account ids by account name. */
  readonly accounts: Readonly<Record<string, string>>;
}

/**
 * Creates an organization (all features) whose management account is the emulator's default
 * account, with the given OUs under the root and the given accounts in them.
 */
export async function buildOrganization(
  emulator: Emulator,
  layout: Readonly<Record<string, readonly string[]>>,
): Promise<TestOrganization> {
  const organizations = await emulator.client(OrganizationsClient);
  try {
    const { Organization } = await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const { Roots } = await organizations.send(new ListRootsCommand({}));
    const rootId = Roots?.[0]?.Id;
    if (!Organization?.Id || !rootId) throw new Error('the emulator created no organization');
    const ous: Record<string, string> = {};
    const accounts: Record<string, string> = {};
    for (const [ouName, accountNames] of Object.entries(layout)) {
      const { OrganizationalUnit } = await organizations.send(
        new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: ouName }),
      );
      const ouId = OrganizationalUnit?.Id;
      if (!ouId) throw new Error(`the emulator created no OU ${ouName}`);
      ous[ouName] = ouId;
      for (const accountName of accountNames) {
        const accountId = await createAccount(organizations, accountName);
        await organizations.send(
          new MoveAccountCommand({
            AccountId: accountId,
            SourceParentId: rootId,
            DestinationParentId: ouId,
          }),
        );
        accounts[accountName] = accountId;
      }
    }
    return {
      organizationId: Organization.Id,
      rootId,
      managementAccountId: EMULATOR_DEFAULT_ACCOUNT,
      ous,
      accounts,
    };
  } finally {
    organizations.destroy();
  }
}

async function createAccount(organizations: OrganizationsClient, name: string): Promise<string> {
  const { CreateAccountStatus } = await organizations.send(
    new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
  );
  const { CreateAccountStatus: status } = await organizations.send(
    new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus?.Id }),
  );
  if (status?.State !== 'SUCCEEDED' || !status.AccountId) {
    throw new Error(`the emulator did not create account ${name}: ${status?.FailureReason ?? status?.State}`);
  }
  return status.AccountId;
}
