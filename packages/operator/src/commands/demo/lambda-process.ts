import { spawn } from 'node:child_process';

/** What one invocation in a fresh process returned. */
export interface ProcessInvocation {
  /** The handler's resolved value, or undefined when it threw. */
  readonly result?: unknown;
  /** The handler's error message when it threw. */
  readonly error?: string;
  /** Lines the function wrote to stdout and stderr (its CloudWatch log, in Lambda). */
  readonly logs: readonly string[];
  readonly durationMs: number;
}

// Loaded the way the Lambda Node.js runtime loads `index.handler`; the result goes to fd 3 so
// that the function's own output stays its log.
const RUNNER = `
const fs = require('node:fs');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const context = { awsRequestId: process.env.DEMO_REQUEST_ID, functionName: process.env.AWS_LAMBDA_FUNCTION_NAME };
  let outcome;
  try {
    const { handler } = require(process.env.DEMO_HANDLER_FILE);
    outcome = { result: await handler(event, context) };
  } catch (error) {
    outcome = { error: error && error.message ? error.message : String(error) };
  }
  fs.writeSync(3, JSON.stringify(outcome));
});
`;

/**
 * Invokes a handler module (`exports.handler`) once in a new Node.js process whose environment
 * is exactly `env` — as Lambda runs a function with its configured variables and role.
 */
export function invokeInProcess(
  handlerFile: string,
  event: unknown,
  env: Readonly<Record<string, string>>,
  requestId: string,
): Promise<ProcessInvocation> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', RUNNER], {
      env: {
        ...env,
        PATH: process.env.PATH ?? '',
        DEMO_HANDLER_FILE: handlerFile,
        DEMO_REQUEST_ID: requestId,
      },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let outcome = '';
    child.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => {
      outcome += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const logs = output.split('\n').filter((line) => line.trim() !== '');
      const durationMs = Date.now() - started;
      if (!outcome) {
        resolve({
          error: `the function process exited with status ${code} before returning`,
          logs,
          durationMs,
        });
        return;
      }
      resolve({ ...(JSON.parse(outcome) as { result?: unknown; error?: string }), logs, durationMs });
    });
    child.stdin?.end(JSON.stringify(event));
  });
}
