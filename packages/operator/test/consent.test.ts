import { confirm, requireWayToConfirm } from '../src/consent';
import type { CommandIo } from '../src/context';
import { UsageError } from '../src/run-command';

const pipe: CommandIo = { stdout: () => {}, stderr: { write: () => true } };
const terminal = (answer: string): CommandIo => ({ ...pipe, ask: async () => answer });

describe('asking before changing anything', () => {
  it('refuses without a terminal unless --yes, naming the flag', () => {
    expect(() => requireWayToConfirm(pipe, false, 'pnpm run destroy')).toThrow(UsageError);
    expect(() => requireWayToConfirm(pipe, false, 'pnpm run destroy')).toThrow(/`pnpm run destroy --yes`/);
    expect(() => requireWayToConfirm(pipe, true, 'pnpm run destroy')).not.toThrow();
    expect(() => requireWayToConfirm(terminal(''), false, 'pnpm run destroy')).not.toThrow();
  });

  it.each([
    ['y', true],
    ['YES', true],
    [' yes ', true],
    ['', false],
    ['n', false],
    ['yep', false],
  ])('takes %j as %s', async (answer, expected) => {
    expect(await confirm(terminal(answer), 'Go?')).toBe(expected);
  });

  it('never says yes without a terminal', async () => {
    expect(await confirm(pipe, 'Go?')).toBe(false);
  });
});
