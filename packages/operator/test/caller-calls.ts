// Every call a suite's commands make with the caller's own credentials (clients of
// managementClients) must be one deployer-policy.json grants, on the resource the call names:
// checked once the file's tests are done, so that a command calling something new fails the
// suite that runs it until the policy grants it.
import type { PolicyStatement } from '../src/deployer-policy';
import { type RecordedCall, ungrantedCalls } from './deployer-calls';

/** The calls the clients of managementClients made with the caller's own credentials in this test file. */
export const callsWithCallerCredentials: RecordedCall[] = [];
const grantedBeyondThePolicy: PolicyStatement[] = [];

afterAll(async () => {
  expect(await ungrantedCalls(callsWithCallerCredentials, grantedBeyondThePolicy)).toEqual([]);
});

/**
 * A statement the caller holds in this test file besides deployer-policy.json: for a command line
 * that documents needing more (`--trail-role NAME`, `verify --trail NAME` in the caller's account).
 */
export function grantBeyondDeployerPolicy(statement: PolicyStatement): void {
  grantedBeyondThePolicy.push(statement);
}
