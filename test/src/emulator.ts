import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { NO_EMULATOR_ENV } from './run-env';

/** The repository root, where `test/bin/ensure-venv.mjs` puts the project-local Python venv. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The account moto uses for credentials that were not issued by its own STS. */
export const EMULATOR_DEFAULT_ACCOUNT = '123456789012';

const ROOT_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** The moto_server executable: MOTO_SERVER when set, otherwise the project venv's. */
export function motoServerPath(env: NodeJS.ProcessEnv = process.env): string {
  const executable = env.MOTO_SERVER ?? path.join(REPO_ROOT, '.venv', 'bin', 'moto_server');
  if (!existsSync(executable)) {
    throw new Error(
      `moto_server not found at ${executable}; run \`node test/bin/ensure-venv.mjs\` (pnpm test does it) or set MOTO_SERVER`,
    );
  }
  return executable;
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe socket'));
      });
    });
  });
}

/** Options of a client the emulator hands out: which account, which region. */
export interface ClientOptions {
  /** Account the client acts in; @default the emulator's default account */
  readonly account?: string;
  /** Region of the client; @default 'us-east-1' */
  readonly region?: string;
}

type ClientConfig = {
  endpoint: string;
  region: string;
  credentials: AwsCredentialIdentity;
  maxAttempts: number;
};

/**
 * A running moto server started by this process. `stop()` ends only this process's child, and
 * an exit hook ends it too if a test run is torn down without calling `stop()`.
 */
export class Emulator {
  private readonly credentialsByAccount = new Map<string, Promise<AwsCredentialIdentity>>();
  private readonly exitHook = () => this.child.kill('SIGKILL');

  private constructor(
    private readonly child: ChildProcess,
    /** The base URL, such as `http://127.0.0.1:41234`. */
    readonly endpoint: string,
  ) {
    process.once('exit', this.exitHook);
  }

  /**
   * Starts moto_server on a free loopback port and resolves once it answers. `ownProcessGroup`
   * keeps a terminal's Ctrl-C (sent to the whole foreground group) from reaching the server, so
   * that the command which started it stops it in its own time (the demo).
   */
  static async start(options: { timeoutMs?: number; ownProcessGroup?: boolean } = {}): Promise<Emulator> {
    if (process.env[NO_EMULATOR_ENV]) {
      throw new Error(
        `${NO_EMULATOR_ENV} is set (pnpm test:unit runs no emulator): move a test that starts moto into a test/integration/ folder`,
      );
    }
    const port = await freePort();
    const child = spawn(motoServerPath(), ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: options.ownProcessGroup === true,
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const emulator = new Emulator(child, `http://127.0.0.1:${port}`);
    try {
      await emulator.waitUntilReady(options.timeoutMs ?? 30_000, () => stderr);
    } catch (error) {
      await emulator.stop();
      throw error;
    }
    return emulator;
  }

  /** The operating-system process id of the moto server (for tests of the harness itself). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private async waitUntilReady(timeoutMs: number, stderr: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`moto_server exited during start-up:\n${stderr()}`);
      }
      try {
        const response = await fetch(`${this.endpoint}/moto-api/data.json`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`moto_server did not answer on ${this.endpoint} within ${timeoutMs} ms:\n${stderr()}`);
  }

  /** Forgets every resource in every account, so the next suite starts from nothing. */
  async reset(): Promise<void> {
    const response = await fetch(`${this.endpoint}/moto-api/reset`, { method: 'POST' });
    if (!response.ok) throw new Error(`moto reset failed with HTTP ${response.status}`);
    this.credentialsByAccount.clear();
  }

  /** moto's view of its own state, e.g. `sns.sent_notifications`. */
  async data(): Promise<Record<string, Record<string, unknown>>> {
    const response = await fetch(`${this.endpoint}/moto-api/data.json`);
    return (await response.json()) as Record<string, Record<string, unknown>>;
  }

  /** Credentials of a role session in `account`, issued by the emulator's STS (cached per account). */
  credentials(account: string = EMULATOR_DEFAULT_ACCOUNT): Promise<AwsCredentialIdentity> {
    if (account === EMULATOR_DEFAULT_ACCOUNT) return Promise.resolve(ROOT_CREDENTIALS);
    let credentials = this.credentialsByAccount.get(account);
    if (!credentials) {
      credentials = this.assumeRole(account);
      this.credentialsByAccount.set(account, credentials);
    }
    return credentials;
  }

  private async assumeRole(account: string): Promise<AwsCredentialIdentity> {
    const sts = new STSClient(this.baseConfig('us-east-1', ROOT_CREDENTIALS));
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'trailguard-test',
      }),
    );
    sts.destroy();
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
      throw new Error(`the emulator's STS returned no credentials for account ${account}`);
    }
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
    };
  }

  /** The SDK v3 client configuration for an account and region of the emulator. */
  async clientConfig(options: ClientOptions = {}): Promise<ClientConfig> {
    return this.baseConfig(options.region ?? 'us-east-1', await this.credentials(options.account));
  }

  /** An SDK v3 client of any service, pointed at the emulator, acting in the given account. */
  async client<C>(Client: new (config: ClientConfig) => C, options: ClientOptions = {}): Promise<C> {
    return new Client(await this.clientConfig(options));
  }

  private baseConfig(region: string, credentials: AwsCredentialIdentity): ClientConfig {
    return { endpoint: this.endpoint, region, credentials, maxAttempts: 1 };
  }

  /** Stops the moto server this object started, and waits until the process is gone. */
  async stop(): Promise<void> {
    process.removeListener('exit', this.exitHook);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Registers jest hooks that give a suite its own emulator: started before the first test,
 * stopped after the last one (whether tests failed or not). The getter is valid inside tests.
 */
export function useEmulator(): () => Emulator {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await Emulator.start();
  }, 60_000);
  afterAll(async () => {
    await emulator?.stop();
  });
  return () => {
    if (!emulator) throw new Error('the emulator is used outside a test (it starts in beforeAll)');
    return emulator;
  };
}
