import * as path from 'node:path';
import { HANDLER_BUNDLE_FILE, readHandlerBundle } from '../src';

describe('the handler bundle', () => {
  it("is @trailguard/core-handler's dist/index.js, wherever that package is installed", () => {
    expect(HANDLER_BUNDLE_FILE.endsWith(path.join('core-handler', 'dist', 'index.js'))).toBe(true);
  });

  it('when missing, stops synth with the file and how to get it', () => {
    const absent = path.join(__dirname, 'no-such-dir', 'index.js');
    expect(() => readHandlerBundle(absent)).toThrow(
      `the handler bundle ${absent} is missing: it is the member function's code. In the TrailGuard repository, run \`pnpm build\``,
    );
  });
});
