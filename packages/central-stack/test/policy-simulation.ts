import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { CfnTemplate } from './synth';

/** Where a template is deployed, for the pseudo parameters its policies name. */
export interface Deployment {
  readonly account: string;
  readonly region: string;
  /** ARNs of the template's own resources, by logical id, for Ref and Fn::GetAtt. */
  readonly resources?: Readonly<Record<string, string>>;
}

/**
 * A template value with CloudFormation's intrinsic functions resolved as they would be in one
 * account and region: the pseudo parameters, Ref and Fn::GetAtt of the resources named in
 * `resources`, Fn::Sub and Fn::Join. Anything else is a test error, not a silent pass.
 */
export function resolve(value: unknown, where: Deployment): unknown {
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': where.region,
    'AWS::AccountId': where.account,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const named = (name: string): string => {
    const found = pseudo[name] ?? where.resources?.[name];
    if (found === undefined) throw new Error(`no value for ${name} in this deployment`);
    return found;
  };
  if (Array.isArray(value)) return value.map((v) => resolve(v, where));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [key, argument] = entries[0] ?? [];
  if (entries.length === 1 && key === 'Ref') return named(argument as string);
  if (entries.length === 1 && key === 'Fn::GetAtt') return named((argument as string[])[0] as string);
  if (entries.length === 1 && key === 'Fn::Sub') {
    return (argument as string).replace(/\$\{([^}]+)\}/g, (_, name: string) => named(name));
  }
  if (entries.length === 1 && key === 'Fn::Join') {
    const [separator, parts] = argument as [string, unknown[]];
    return parts.map((p) => resolve(p, where)).join(separator);
  }
  if (entries.length === 1 && key?.startsWith('Fn::')) throw new Error(`cannot resolve ${key}`);
  return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v, where)]));
}

/** The one resource of a type whose properties satisfy `pick`, from a synthesized template. */
export function resourceOf(
  template: CfnTemplate,
  type: string,
  pick: (properties: Record<string, unknown>) => boolean = () => true,
): { id: string; properties: Record<string, unknown> } {
  const found = Object.entries(template.Resources).filter(
    ([, r]) => r.Type === type && pick(r.Properties ?? {}),
  );
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [id, resource] = found[0] as [string, { Properties?: Record<string, unknown> }];
  return { id, properties: resource.Properties ?? {} };
}

/** AWS's default SCP, without which every request of an account is implicitly denied. */
const FULL_AWS_ACCESS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** What an account admin in a member account holds. */
export const ADMIN_POLICY = FULL_AWS_ACCESS;

/** One request and every policy that decides it. */
export interface Attempt {
  /** The principal making the request: an IAM role ARN, or an AWS service principal. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource. */
  readonly resourceAccount: string;
  readonly context?: Record<string, string | string[]>;
  /** Policies of the principal; @default an account admin's */
  readonly identityPolicies?: readonly unknown[];
  /** Service control policies of the principal's OU besides FullAWSAccess. @default none */
  readonly serviceControlPolicies?: readonly unknown[];
  readonly resourcePolicy?: unknown;
}

/**
 * How IAM decides a request, as @cloud-copilot/iam-simulate evaluates it: an independent
 * simulator of identity, resource and service control policies. A simulation, not enforcement:
 * neither moto nor this proves what AWS itself does.
 */
export async function decide(attempt: Attempt): Promise<string> {
  const simulation = {
    request: {
      principal: attempt.principal,
      action: attempt.action,
      resource: { resource: attempt.resource, accountId: attempt.resourceAccount },
      contextVariables: attempt.context ?? {},
    },
    identityPolicies: (attempt.identityPolicies ?? [ADMIN_POLICY]).map((policy, i) => ({
      name: `identity-${i}`,
      policy,
    })),
    serviceControlPolicies: [
      { orgIdentifier: 'r-root', policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }] },
      {
        orgIdentifier: 'ou-protected',
        policies: [
          { name: 'FullAWSAccess', policy: FULL_AWS_ACCESS },
          ...(attempt.serviceControlPolicies ?? []).map((policy, i) => ({ name: `scp-${i}`, policy })),
        ],
      },
    ],
    resourceControlPolicies: [],
    resourcePolicy: attempt.resourcePolicy,
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`simulation refused: ${JSON.stringify(result.errors)}`);
  // A resource ending in "*" (a log group's IAM ARN) is simulated as a pattern: one result.
  if (result.resultType !== 'single') return result.overallResult;
  // A context key the simulator drops would leave its conditions unevaluated: fail instead.
  const ignored = result.result.ignoredContextKeys ?? [];
  if (ignored.length > 0)
    throw new Error(`the simulator ignored ${ignored.join(', ')} for ${attempt.action}`);
  return result.overallResult;
}
