// What the operator's AWS calls need from deployer-policy.json, found two ways: statically, every
// `new XxxCommand(` of an `@aws-sdk/client-yyy` in src/ (so a new call fails a unit test until the
// policy grants it), and dynamically, every call the emulator suites make with the caller's own
// credentials (recorded through AwsSettings.decorate, with its real input), simulated against the
// policy on the resource it names (@cloud-copilot/iam-simulate, which knows each action's resource
// types from the Service Authorization Reference).
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isWildcardOnlyAction, runSimulation } from '@cloud-copilot/iam-simulate';
import type { ClientIdentity } from '../src/aws-clients';
import { type PolicyStatement, readDeployerPolicy } from '../src/deployer-policy';

/** A request an SDK client sent (once per command, retries not repeated). */
export interface RecordedCall {
  /** The IAM service prefix: `cloudformation`, `s3`, `sts`… */
  readonly service: string;
  /** The API operation: `GetTemplate`, `HeadObject`… */
  readonly operation: string;
  readonly region: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly identity: ClientIdentity;
  /** The account whose credentials sent it: the caller's, or the assumed role's. */
  readonly account: string;
}

/** One permission a call needs: an IAM action on a resource (`*` where the action has no resource type). */
export interface Requirement {
  readonly action: string;
  readonly resource: string;
}

// The IAM service prefix of an SDK client (`CloudWatchLogsClient`) or package (`client-cloudwatch-logs`).
const PREFIX_EXCEPTIONS: Readonly<Record<string, string>> = {
  cloudwatchlogs: 'logs',
  'cloudwatch-logs': 'logs',
  eventbridge: 'events',
};
const prefixOf = (name: string) => {
  const key = name.replace(/Client$/, '').toLowerCase();
  return PREFIX_EXCEPTIONS[key] ?? key;
};

/**
 * The IAM actions of operations whose action is not named like them, as the Service
 * Authorization Reference lists them. GetCallerIdentity needs no permission at all.
 */
const ACTION_OF_OPERATION: Readonly<Record<string, readonly string[]>> = {
  's3:HeadObject': ['s3:GetObject'],
  's3:HeadBucket': ['s3:ListBucket'],
  's3:ListObjectsV2': ['s3:ListBucket'],
  's3:DeleteObjects': ['s3:DeleteObject'],
  'sts:GetCallerIdentity': [],
};

/** The IAM actions an operation needs, whatever its input. */
export function actionsOf(service: string, operation: string): readonly string[] {
  const key = `${service}:${operation}`;
  return ACTION_OF_OPERATION[key] ?? [key];
}

/** How IAM names the roles the commands look up by name when AWS creates them with a path. */
const ROLE_PATHS: Readonly<Record<string, string>> = { AWSControlTowerAdmin: 'service-role/' };

const ZERO_ID = '00000000-0000-0000-0000-000000000000';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The resource ARN a call acts on, from its input; `*` when nothing narrower applies. */
function resourceOf(call: RecordedCall, account: string, action: string): string {
  const { region, input } = call;
  const arnOr = (value: string, build: (name: string) => string) =>
    value.startsWith('arn:') ? value : build(value);
  switch (call.service) {
    case 'cloudformation':
      if (input.StackSetName)
        return arnOr(
          text(input.StackSetName),
          (n) => `arn:aws:cloudformation:${region}:${account}:stackset/${n}:${ZERO_ID}`,
        );
      if (input.StackName)
        return arnOr(
          text(input.StackName),
          (n) => `arn:aws:cloudformation:${region}:${account}:stack/${n}/${ZERO_ID}`,
        );
      return '*';
    case 'cloudtrail':
      return input.Name
        ? arnOr(text(input.Name), (n) => `arn:aws:cloudtrail:${region}:${account}:trail/${n}`)
        : '*';
    case 's3':
      if (action === 's3:GetObject' && input.TemplateURL) {
        const { pathname } = new URL(text(input.TemplateURL));
        return `arn:aws:s3:::${pathname.slice(1)}`;
      }
      return input.Key
        ? `arn:aws:s3:::${text(input.Bucket)}/${text(input.Key)}`
        : `arn:aws:s3:::${text(input.Bucket)}`;
    case 'iam':
      if (input.RoleName)
        return `arn:aws:iam::${account}:role/${ROLE_PATHS[text(input.RoleName)] ?? ''}${text(input.RoleName)}`;
      // SimulatePrincipalPolicy: the principal simulated, when it is an IAM role or user.
      return /^arn:aws:iam::\d{12}:(role|user)\//.test(text(input.PolicySourceArn))
        ? text(input.PolicySourceArn)
        : '*';
    case 'ssm':
      return `arn:aws:ssm:${region}:${account}:parameter/${text(input.Name).replace(/^\//, '')}`;
    case 'sts':
      return text(input.RoleArn) || '*';
    default:
      return '*';
  }
}

/**
 * What a recorded call needs, with the resources it names: its own action, and the ones its
 * input adds (a trail created with tags needs AddTags; a StackSet updated from a template URL
 * reads the template with the caller's permissions).
 */
export function requirementsOf(call: RecordedCall, account: string): Requirement[] {
  const actions = [...actionsOf(call.service, call.operation)];
  if (call.service === 'cloudtrail' && call.operation === 'CreateTrail' && call.input.TagsList)
    actions.push('cloudtrail:AddTags');
  if (call.service === 'cloudformation' && call.operation === 'UpdateStackSet' && call.input.TemplateURL)
    actions.push('s3:GetObject');
  if (call.operation === 'DeleteObjects') {
    const keys = ((call.input.Delete as { Objects?: { Key?: string }[] } | undefined)?.Objects ?? []).map(
      (o) => o.Key ?? '',
    );
    return keys.map((key) => ({
      action: 's3:DeleteObject',
      resource: `arn:aws:s3:::${text(call.input.Bucket)}/${key}`,
    }));
  }
  return actions.map((action) => {
    const service = action.split(':')[0] ?? '';
    return { action, resource: resourceOf({ ...call, service }, account, action) };
  });
}

/**
 * A decorate function for AwsSettings that records every command each client sends into
 * `calls`, with whose credentials it was sent (the caller being in `callerAccount`).
 */
export function recordCalls(calls: RecordedCall[], callerAccount: string) {
  return (client: { readonly middlewareStack: unknown }, identity: ClientIdentity) => {
    const config = (client as { config?: { region?: () => Promise<string> } }).config;
    (client.middlewareStack as { add: (m: unknown, o: unknown) => void }).add(
      (next: (a: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
        async (args: { input: Record<string, unknown> }) => {
          calls.push({
            service: prefixOf(context.clientName ?? ''),
            operation: (context.commandName ?? '').replace(/Command$/, ''),
            region: (await config?.region?.()) ?? '',
            input: args.input,
            identity,
            account: identity.kind === 'role' ? identity.account : callerAccount,
          });
          return next(args);
        },
      { step: 'initialize', name: 'recordDeployerCalls' },
    );
  };
}

/** A requirement the policy does not grant, with the call it came from. */
export interface UngrantedCall extends Requirement {
  readonly call: string;
  readonly decision: string;
}

/**
 * The requirements of the calls made with the caller's own credentials that deployer-policy.json,
 * with `extra` statements, does not grant: what the IAM policy evaluation decides for that action
 * on that resource. Calls through an assumed role are the role's business.
 */
export async function ungrantedCalls(
  calls: readonly RecordedCall[],
  extra: readonly PolicyStatement[] = [],
): Promise<UngrantedCall[]> {
  const policy = readDeployerPolicy();
  const seen = new Set<string>();
  const ungranted: UngrantedCall[] = [];
  for (const call of calls.filter((c) => c.identity.kind === 'caller')) {
    for (const requirement of requirementsOf(call, call.account)) {
      const key = `${requirement.action} ${requirement.resource}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const decision = await decide(policy.Statement.concat(extra), requirement, call.account);
      if (decision !== 'Allowed')
        ungranted.push({ ...requirement, call: `${call.service}:${call.operation}`, decision });
    }
  }
  return ungranted;
}

/** What IAM decides for an identity holding `statements` alone, doing `action` on `resource`. */
export async function decide(
  statements: readonly PolicyStatement[],
  { action, resource }: Requirement,
  account: string,
): Promise<string> {
  const [service = '', name = ''] = action.split(':');
  let wildcardOnly: boolean;
  try {
    wildcardOnly = await isWildcardOnlyAction(service, name);
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
  const onResource = wildcardOnly ? '*' : resource;
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${account}:role/TrailGuardDeployer`,
        action,
        resource: { resource: onResource, accountId: account },
        contextVariables: {},
      },
      identityPolicies: [{ name: 'deployer', policy: { Version: '2012-10-17', Statement: [...statements] } }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') return `error: ${JSON.stringify(result.errors)}`;
  return result.overallResult;
}

/** A command the source sends, where. */
export interface SourceCall {
  readonly file: string;
  readonly service: string;
  readonly operation: string;
}

const IMPORT = /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g;

/**
 * Every `new XxxCommand(` in the TypeScript files under `dir` whose command comes from an
 * `@aws-sdk/client-*` import, skipping the folders in `skip` (relative to `dir`).
 */
export function sdkCallsInSource(dir: string, skip: readonly string[] = []): SourceCall[] {
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter(
    (f) => f.endsWith('.ts') && !skip.some((s) => f.startsWith(s)),
  );
  return files.flatMap((file) => {
    const source = readFileSync(path.join(dir, file), 'utf8');
    const serviceOf = new Map<string, string>();
    for (const [, names = '', pkg = ''] of source.matchAll(IMPORT)) {
      for (const name of names.split(',').map((n) => n.replace(/^\s*type\s+/, '').trim())) {
        if (name.endsWith('Command')) serviceOf.set(name, prefixOf(pkg));
      }
    }
    return [...source.matchAll(/new\s+(\w+Command)\(/g)].flatMap(([, command = '']) => {
      const service = serviceOf.get(command);
      return service ? [{ file, service, operation: command.replace(/Command$/, '') }] : [];
    });
  });
}

/** Whether any statement of the policy names `action` (wildcards as IAM reads them), on any resource. */
export function policyNamesAction(statements: readonly PolicyStatement[], action: string): boolean {
  const glob = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    );
  return statements.some((s) => [s.Action].flat().some((pattern) => glob(pattern).test(action)));
}
