import * as z from 'zod';
import { wholeNumber } from './whole-number';

/** Defaults of the StackSet operation preferences, defined here only. */
export const STACK_SET_DEFAULTS = {
  concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
  failureToleranceCount: 10,
  maxConcurrentPercentage: 100,
} as const;

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
      .default('PARALLEL')
      .describe('Whether StackSet operations proceed in all regions at once.'),
    concurrencyMode: z
      .enum(['SOFT_FAILURE_TOLERANCE', 'STRICT_FAILURE_TOLERANCE'])
      .default(STACK_SET_DEFAULTS.concurrencyMode)
      .describe(
        'SOFT_FAILURE_TOLERANCE keeps deploying at full concurrency while failures stay within the tolerance; STRICT_FAILURE_TOLERANCE lowers concurrency to tolerance + 1.',
      ),
    maxConcurrentCount: wholeNumber(1, null, 'accounts')
      .optional()
      .describe('Accounts per region deployed at the same time (instead of maxConcurrentPercentage).'),
    maxConcurrentPercentage: wholeNumber(1, 100, 'percent')
      .optional()
      .describe(
        `Percentage of accounts per region deployed at the same time, rounded down; ${STACK_SET_DEFAULTS.maxConcurrentPercentage} unless maxConcurrentCount is set.`,
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
      ? { maxConcurrentPercentage: STACK_SET_DEFAULTS.maxConcurrentPercentage }
      : {}),
    ...(stackSet.failureToleranceCount === undefined && stackSet.failureTolerancePercentage === undefined
      ? { failureToleranceCount: STACK_SET_DEFAULTS.failureToleranceCount }
      : {}),
  }))
  .describe('Operation preferences of the member and management-account StackSets.');
