import { configFilePath, loadConfig, runCommand, summarizeConfig } from '..';

runCommand(() => {
  const file = configFilePath();
  const config = loadConfig(file);
  console.log(`${file} is valid.\n${summarizeConfig(config)}`);
  return 0;
});
