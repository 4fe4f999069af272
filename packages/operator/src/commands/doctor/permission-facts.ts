import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import type { TrailGuardConfig } from '@trailguard/config';
import type { AwsClients } from '../../aws-clients';
import { readDeployerPolicy, type SimulationRequest, simulationRequests } from '../../deployer-policy';
import { resolvePrincipalArn } from '../../principal';

/** An action of deployer-policy.json the simulator did not allow the caller. */
export interface DeniedAction {
  readonly sid: string;
  readonly action: string;
  readonly resource: string;
  /** `implicitDeny` or `explicitDeny`. */
  readonly decision: string;
}

/** What the IAM policy simulator answered for the caller and deployer-policy.json. */
export interface DeployerPermissions {
  /** The principal simulated (a role's IAM ARN for a role session); empty for the root user. */
  readonly principal: string;
  /** How many action × resource pairs were simulated. */
  readonly simulated: number;
  readonly denied: readonly DeniedAction[];
}

/**
 * Asks iam:SimulatePrincipalPolicy whether the caller's own policies (with its permissions
 * boundary and the SCPs that apply to it) allow every action of deployer-policy.json, on the
 * resources the commands touch. The root user is not simulated: it holds every permission.
 */
export async function simulateDeployerPolicy(
  clients: AwsClients,
  caller: { account: string; arn: string },
  config: TrailGuardConfig,
): Promise<DeployerPermissions> {
  if (caller.arn.endsWith(':root')) return { principal: '', simulated: 0, denied: [] };
  const iam = clients.client(IAMClient, config.homeRegion);
  const principal = await resolvePrincipalArn(iam, caller.arn);
  const requests = simulationRequests(readDeployerPolicy(), {
    account: caller.account,
    region: config.homeRegion,
    memberAccount: config.securityAccountId,
  });
  const answers = await Promise.all(
    requests.map((request) => simulate(iam, principal, request).catch(unavailableOrThrow)),
  );
  return {
    principal,
    simulated: answers.reduce((sum, a) => sum + a.simulated, 0),
    denied: answers.flatMap((a) => a.denied),
  };
}

/** An endpoint without the simulator (an emulator answers HTTP 500) says so in words. */
function unavailableOrThrow(error: unknown): never {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) {
    const unavailable = new Error(`iam:SimulatePrincipalPolicy answered HTTP ${status}`, { cause: error });
    unavailable.name = 'SimulatorUnavailable';
    throw unavailable;
  }
  throw error;
}

async function simulate(iam: IAMClient, principal: string, request: SimulationRequest) {
  const denied: DeniedAction[] = [];
  let simulated = 0;
  let Marker: string | undefined;
  do {
    const page = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: principal,
        ActionNames: [...request.actions],
        ...(request.resources.includes('*') ? {} : { ResourceArns: [...request.resources] }),
        Marker,
      }),
    );
    for (const result of page.EvaluationResults ?? []) {
      const action = result.EvalActionName ?? '';
      // With several resources, each has its own decision; the action must be allowed on all.
      const perResource = result.ResourceSpecificResults?.length
        ? result.ResourceSpecificResults.map((r) => ({
            resource: r.EvalResourceName ?? '*',
            decision: r.EvalResourceDecision ?? '',
          }))
        : [{ resource: result.EvalResourceName ?? '*', decision: result.EvalDecision ?? '' }];
      for (const { resource, decision } of perResource) {
        simulated += 1;
        if (decision !== 'allowed') denied.push({ sid: request.sid, action, resource, decision });
      }
    }
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return { simulated, denied };
}
