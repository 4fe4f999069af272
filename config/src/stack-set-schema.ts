import * as z from 'zod';
import { wholeNumber } from './whole-number';

/**
 * Defaults of the StackSet operation preferences, defined here only. Safe at scale: a template
 * that fails everywhere fails in about 20 accounts of the first region before the operation
 * stops, whatever the size of the organization, and the other regions are not touched (one
 * region after another, the home region first); a few odd accounts (3 per region) do not stop
 * it, and `pnpm run deploy` reports them.
 */
export const STACK_SET_DEFAULTS = {
  regionConcurrencyType: 'SEQUENTIAL',
  concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
  failureToleranceCount: 3,
  maxConcurrentCount: 20,
} as const;

// The form of an organizational unit id (as in organizationalUnits).
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

/** The `stackSet` key: how CloudFormation rolls the member StackSets out. */
export const stackSetSchema = z
  .strictObject({
    callAs: z
      .enum(['SELF', 'DELEGATED_ADMIN'])
      .default('SELF')
      .describe(
        'SELF when deploying from the management account, DELEGATED_ADMIN from a delegated administrator.',
      ),
    regionConcurrencyType: z
      .enum(['PARALLEL', 'SEQUENTIAL'])
      .default(STACK_SET_DEFAULTS.regionConcurrencyType)
      .describe(
        'SEQUENTIAL deploys one region after another, the home region first, and a region that stops stops the rest; PARALLEL deploys all regions at once.',
      ),
    concurrencyMode: z
      .enum(['SOFT_FAILURE_TOLERANCE', 'STRICT_FAILURE_TOLERANCE'])
      .default(STACK_SET_DEFAULTS.concurrencyMode)
      .describe(
        'SOFT_FAILURE_TOLERANCE keeps deploying at full concurrency while failures stay within the tolerance; STRICT_FAILURE_TOLERANCE lowers concurrency to tolerance + 1.',
      ),
    maxConcurrentCount: wholeNumber(1, null, 'accounts')
      .optional()
      .describe(
        `Accounts per region deployed at the same time; ${STACK_SET_DEFAULTS.maxConcurrentCount} unless maxConcurrentPercentage is set. It bounds how many accounts a broken template reaches before the operation stops.`,
      ),
    maxConcurrentPercentage: wholeNumber(1, 100, 'percent')
      .optional()
      .describe(
        'Percentage of accounts per region deployed at the same time, rounded down (instead of maxConcurrentCount); at 100 a broken template reaches every account at once.',
      ),
    failureToleranceCount: wholeNumber(0, null, 'accounts')
      .optional()
      .describe(
        `Accounts per region that may fail before the operation stops; ${STACK_SET_DEFAULTS.failureToleranceCount} unless failureTolerancePercentage is set.`,
      ),
    failureTolerancePercentage: wholeNumber(0, 100, 'percent')
      .optional()
      .describe(
        'Percentage of accounts per region that may fail, rounded down (below 10 accounts, 10 % tolerates none); prefer failureToleranceCount.',
      ),
    canaryOrganizationalUnit: z
      .string()
      .regex(OU_ID, { error: 'expected an OU id such as "ou-ab12-cdef3456"' })
      .optional()
      .describe(
        'An OU under organizationalUnits that `pnpm run deploy` updates first (as --canary does); the rest follows only once all its stack instances succeeded.',
      ),
  })
  .superRefine((stackSet, ctx) => {
    for (const [count, percentage] of [
      ['maxConcurrentCount', 'maxConcurrentPercentage'],
      ['failureToleranceCount', 'failureTolerancePercentage'],
    ] as const) {
      if (stackSet[count] !== undefined && stackSet[percentage] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [percentage],
          message: `set ${count} or ${percentage}, not both: CloudFormation accepts one of them`,
        });
      }
    }
  })
  // The count and the percentage exclude each other, so the default applies only when neither is set.
  .transform((stackSet) => ({
    ...stackSet,
    ...(stackSet.maxConcurrentCount === undefined && stackSet.maxConcurrentPercentage === undefined
      ? { maxConcurrentCount: STACK_SET_DEFAULTS.maxConcurrentCount }
      : {}),
    ...(stackSet.failureToleranceCount === undefined && stackSet.failureTolerancePercentage === undefined
      ? { failureToleranceCount: STACK_SET_DEFAULTS.failureToleranceCount }
      : {}),
  }))
  .describe('Operation preferences of the member and management-account StackSets.');
