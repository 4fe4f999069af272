import * as path from 'node:path';
import * as z from 'zod';
import { TrailGuardConfigSchema } from './schema';

/** The JSON Schema editors use to complete and check `trailguard.yaml`, derived from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(TrailGuardConfigSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'TrailGuard configuration',
  };
}

/** Where the committed JSON Schema lives; a test fails when it no longer matches the zod schema. */
export const JSON_SCHEMA_FILE = path.resolve(__dirname, '..', 'trailguard.schema.json');
