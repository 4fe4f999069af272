import { configFilePath, loadConfig, summarizeConfig } from '@trailguard/config';
import { runCommand } from '../run-command';

runCommand(() => {
  const file = configFilePath();
  const config = loadConfig(file);
  console.log(`${file} is valid.\n${summarizeConfig(config)}`);
  return 0;
});
