import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { BatchImportFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SharingError } from '../domain/errors';
import type { Finding } from '../domain/finding';

/** Security Hub of the function's account and region, as a finding provider (its default product). */
export class FindingsHub {
  constructor(private readonly client: SecurityHubClient) {}

  /**
   * Imports one finding (a new one, or an update of the one with its Id). Returns `not-enabled`
   * when Security Hub is not enabled here, which AWS reports as InvalidAccess, either thrown or
   * as the finding's own error; throws a SharingError for anything else.
   */
  async import(finding: Finding): Promise<'imported' | 'not-enabled'> {
    let out: { FailedCount?: number; FailedFindings?: { ErrorCode?: string; ErrorMessage?: string }[] };
    try {
      out = await this.client.send(
        new BatchImportFindingsCommand({ Findings: [finding as unknown as AwsSecurityFinding] }),
      );
    } catch (error) {
      const code = (error as { name?: string }).name ?? 'UnknownError';
      if (code === 'InvalidAccessException') return 'not-enabled';
      throw new SharingError(`BatchImportFindings failed: ${code}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const [failed] = out.FailedFindings ?? [];
    if (!failed && !out.FailedCount) return 'imported';
    if (failed?.ErrorCode === 'InvalidAccess') return 'not-enabled';
    throw new SharingError(
      `BatchImportFindings refused the finding: ${failed?.ErrorCode ?? 'unknown'}: ${failed?.ErrorMessage ?? ''}`,
    );
  }
}
