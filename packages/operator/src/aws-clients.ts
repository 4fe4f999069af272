import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** Counts the HTTP requests every client made, by `Service.Operation`, retries included. */
export class ApiCallCounter {
  private readonly counts = new Map<string, number>();

  record(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** Whose credentials a client acts with: the caller's own, or a role assumed in another account. */
export type ClientIdentity =
  | { readonly kind: 'caller' }
  | { readonly kind: 'role'; readonly account: string; readonly roleName: string };

const CALLER: ClientIdentity = { kind: 'caller' };

/** Where the commands' clients go and with which identity. */
export interface AwsSettings {
  /** An endpoint for every service (a local emulator); @default the SDK's own resolution (AWS_ENDPOINT_URL) */
  readonly endpoint?: string;
  /** Credentials of the caller; @default the SDK's default provider chain */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call, so that Organizations' low request rates end in a retry, not a failure; @default 8 */
  readonly maxAttempts?: number;
  /** Counts the requests made; @default a new counter */
  readonly counter?: ApiCallCounter;
  /**
   * Called with every client made and whose credentials it acts with, e.g. to add a middleware
   * (the bench adds network latency; the tests record the calls made with the caller's own).
   */
  readonly decorate?: (client: { readonly middlewareStack: unknown }, identity: ClientIdentity) => void;
}

// The shape of every SDK v3 client the commands use.
interface SdkClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'deserialize'; name: string; override?: boolean }): void;
  };
  destroy(): void;
}
type ClientConstructor<C> = new (config: {
  region: string;
  endpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  maxAttempts?: number;
  retryMode?: string;
}) => C;

/**
 * Makes SDK clients for any account and region: the caller's own, or another account's through
 * `sts:AssumeRole` (role sessions are cached). Every client it makes is counted and destroyed by
 * `destroy()`.
 */
export class AwsClients {
  readonly counter: ApiCallCounter;
  private readonly made: SdkClient[] = [];
  private readonly assumed = new Map<string, Promise<AwsCredentialIdentity>>();
  private callerAccount: Promise<string> | undefined;

  constructor(private readonly settings: AwsSettings = {}) {
    this.counter = settings.counter ?? new ApiCallCounter();
  }

  /** A client acting as the caller in a region. */
  client<C extends SdkClient>(Client: ClientConstructor<C>, region: string): C {
    return this.make(Client, region, this.settings.credentials, CALLER);
  }

  /** A client acting in `account` through the role `roleName` there (the caller itself when it is that account). */
  async clientIn<C extends SdkClient>(
    Client: ClientConstructor<C>,
    region: string,
    account: string,
    roleName: string,
  ): Promise<C> {
    if (account === (await this.callerAccountId(region))) return this.client(Client, region);
    const key = `${account}/${roleName}`;
    let credentials = this.assumed.get(key);
    if (!credentials) {
      credentials = this.assumeRole(account, roleName, region);
      this.assumed.set(key, credentials);
    }
    return this.make(Client, region, await credentials, { kind: 'role', account, roleName });
  }

  /** The account of the caller's credentials. */
  callerAccountId(region: string): Promise<string> {
    if (!this.callerAccount) {
      const sts = this.client(STSClient, region);
      this.callerAccount = sts.send(new GetCallerIdentityCommand({})).then((r) => r.Account ?? '');
    }
    return this.callerAccount;
  }

  private async assumeRole(
    account: string,
    roleName: string,
    region: string,
  ): Promise<AwsCredentialIdentity> {
    const sts = this.client(STSClient, region);
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/${roleName}`,
        RoleSessionName: 'trailguard-operator',
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
      throw new Error(`sts:AssumeRole into ${roleName} of account ${account} returned no credentials`);
    }
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
    };
  }

  private make<C extends SdkClient>(
    Client: ClientConstructor<C>,
    region: string,
    credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined,
    identity: ClientIdentity,
  ): C {
    const client = new Client({
      region,
      retryMode: 'adaptive',
      maxAttempts: this.settings.maxAttempts ?? 8,
      ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
    });
    const counter = this.counter;
    // The deserialize step runs once per HTTP attempt, so retries are counted too.
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
        async (args: unknown) => {
          const service = (context.clientName ?? 'Client').replace(/Client$/, '');
          counter.record(`${service}.${(context.commandName ?? 'Command').replace(/Command$/, '')}`);
          return next(args);
        },
      { step: 'deserialize', name: 'trailguardApiCallCounter' },
    );
    this.settings.decorate?.(client, identity);
    this.made.push(client);
    return client;
  }

  /** Closes every client made, so a command's process can exit at once. */
  destroy(): void {
    for (const client of this.made.splice(0)) client.destroy();
  }
}

/** The AWS error name of a failed call (`AccessDeniedException`, `OrganizationalUnitNotFoundException`…). */
export function awsErrorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

/** Whether an error means the SDK found no credentials at all. */
export function isMissingCredentials(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'CredentialsProviderError' || /Could not load credentials/.test(error.message))
  );
}
