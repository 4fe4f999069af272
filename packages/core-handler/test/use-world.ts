// The setup the emulator suites share: an emulator per suite, reset before each test into a fresh
// World (test/world.ts), and after each test the check that every call the handler really made is
// one the member role grants (HANDLER_PERMISSIONS).
import { type Emulator, useEmulator } from '@trailguard/test';
import { HANDLER_PERMISSIONS } from '../src/domain/permissions';
import { World } from './world';

/** Registers the hooks; call once inside a suite's top-level `describe`. */
export function useWorld(): { world: () => World; emulator: () => Emulator } {
  const emulator = useEmulator();
  let world: World;

  beforeEach(async () => {
    await emulator().reset();
    world = await World.create(emulator());
  });

  afterEach(() => {
    const granted = new Set<string>(Object.values(HANDLER_PERMISSIONS).flat());
    expect(world.calls.map((c) => `${c.service}:${c.command}`).filter((a) => !granted.has(a))).toEqual([]);
  });

  return { world: () => world, emulator };
}
