import { createInterface } from 'node:readline/promises';

/** Asks on the terminal; resolves to the answer ('' when interrupted). Defined only on a terminal. */
export async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const interrupt = new AbortController();
  rl.once('SIGINT', () => interrupt.abort());
  try {
    return await rl.question(question, { signal: interrupt.signal });
  } catch {
    process.stderr.write('\n');
    return '';
  } finally {
    rl.close();
  }
}
