export { DEFAULT_CHAT_MINIMUM_SEVERITY, SEVERITIES, type Severity, severitiesAtOrAbove } from './defaults';
export {
  chatSchema,
  type EmailRecipient,
  emailRecipientSchema,
  securityHubSchema,
} from './delivery-schema';
export { ConfigError, ConfigFileNameError, type ConfigProblem } from './errors';
export { configJsonSchema, JSON_SCHEMA_FILE } from './json-schema';
export { configFilePath, DEFAULT_CONFIG_FILE, loadConfig, parseConfig } from './load';
export { AWS_REGIONS, type AwsRegion } from './regions';
export { type TrailGuardConfig, type TrailGuardConfigInput, TrailGuardConfigSchema } from './schema';
export { STACK_SET_DEFAULTS } from './stack-set-schema';
export { summarizeConfig } from './summary';
