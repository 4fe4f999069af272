export { BUS_RELAY_RULE, relayToBus } from './bus-relay';
export {
  type ClientOptions,
  EMULATOR_DEFAULT_ACCOUNT,
  Emulator,
  freePort,
  motoServerPath,
  REPO_ROOT,
  useEmulator,
} from './emulator';
export { buildOrganization, type TestOrganization } from './organization';
export { childProcessEnv, NO_EMULATOR_ENV } from './run-env';
export { scratchDir } from './scratch';
