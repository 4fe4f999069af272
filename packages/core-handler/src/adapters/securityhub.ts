import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { SharingError } from '../domain/errors';
import type { Finding } from '../domain/finding';
import type { StoredFinding } from '../domain/settled-findings';

const codeOf = (error: unknown): string => (error as { name?: string }).name ?? 'UnknownError';

/** Security Hub of the function's account and region, as a finding provider (its default product). */
export class FindingsHub {
  constructor(private readonly client: SecurityHubClient) {}

  /**
   * Imports findings (new ones, or updates of those with their Ids). Returns `not-enabled` when
   * Security Hub is not enabled here, which AWS reports as InvalidAccess, either thrown or as a
   * finding's own error; throws a SharingError for anything else.
   */
  async import(findings: readonly Finding[]): Promise<'imported' | 'not-enabled'> {
    let out: { FailedCount?: number; FailedFindings?: { ErrorCode?: string; ErrorMessage?: string }[] };
    try {
      out = await this.client.send(
        new BatchImportFindingsCommand({ Findings: findings as unknown as AwsSecurityFinding[] }),
      );
    } catch (error) {
      if (codeOf(error) === 'InvalidAccessException') return 'not-enabled';
      throw new SharingError(`BatchImportFindings failed: ${codeOf(error)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const [failed] = out.FailedFindings ?? [];
    if (!failed && !out.FailedCount) return 'imported';
    if (failed?.ErrorCode === 'InvalidAccess') return 'not-enabled';
    throw new SharingError(
      `BatchImportFindings refused ${out.FailedCount ?? 1} finding(s): ${failed?.ErrorCode ?? 'unknown'}: ${failed?.ErrorMessage ?? ''}`,
    );
  }

  /**
   * TrailGuard's open findings (active, compliance failed) in `productArn` about `resourceId`, or
   * `not-enabled`: one page of 100, more than a trail ever has open. The filters narrow what AWS
   * returns; the caller still checks each finding.
   */
  async openFindings(productArn: string, resourceId: string): Promise<StoredFinding[] | 'not-enabled'> {
    const is = (Value: string) => [{ Value, Comparison: 'EQUALS' as const }];
    try {
      const out = await this.client.send(
        new GetFindingsCommand({
          Filters: {
            ProductArn: is(productArn),
            ResourceId: is(resourceId),
            GeneratorId: [{ Value: 'trailguard/', Comparison: 'PREFIX' }],
            RecordState: is('ACTIVE'),
            ComplianceStatus: is('FAILED'),
          },
          MaxResults: 100,
        }),
      );
      return (out.Findings ?? []) as StoredFinding[];
    } catch (error) {
      if (codeOf(error) === 'InvalidAccessException') return 'not-enabled';
      throw new SharingError(`GetFindings failed: ${codeOf(error)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}
