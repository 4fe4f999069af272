import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { SharingError } from '../domain/errors';
import type { Finding } from '../domain/finding';
import type { StoredFinding } from '../domain/settled-findings';

/** Pages of GetFindings read at most for one resource: a trail has a handful of open findings. */
const MAX_PAGES = 5;

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
   * `not-enabled`. The filters narrow what AWS returns; the caller still checks each finding.
   */
  async openFindings(productArn: string, resourceId: string): Promise<StoredFinding[] | 'not-enabled'> {
    const found: StoredFinding[] = [];
    let NextToken: string | undefined;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const out = await this.client.send(
          new GetFindingsCommand({
            Filters: {
              ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
              ResourceId: [{ Value: resourceId, Comparison: 'EQUALS' }],
              GeneratorId: [{ Value: 'trailguard/', Comparison: 'PREFIX' }],
              RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
              ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }],
            },
            MaxResults: 100,
            NextToken,
          }),
        );
        found.push(...((out.Findings ?? []) as StoredFinding[]));
        NextToken = out.NextToken ?? undefined;
        if (!NextToken) break;
      }
    } catch (error) {
      if (codeOf(error) === 'InvalidAccessException') return 'not-enabled';
      throw new SharingError(`GetFindings failed: ${codeOf(error)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return found;
  }
}
