import { loadConfig, runCommand } from '@trailguard/config';

// Placeholder until issue 4 lands the deployer: validates the configuration and stops.
runCommand(() => {
  loadConfig();
  console.error('pnpm run deploy is not available yet (issue 4).');
  return 1;
});
