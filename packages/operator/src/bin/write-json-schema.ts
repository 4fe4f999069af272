import { writeFileSync } from 'node:fs';
import { configJsonSchema, JSON_SCHEMA_FILE } from '@trailguard/config';
import { runCommand } from '../run-command';

runCommand(() => {
  writeFileSync(JSON_SCHEMA_FILE, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  console.log(`wrote ${JSON_SCHEMA_FILE}`);
  return 0;
});
