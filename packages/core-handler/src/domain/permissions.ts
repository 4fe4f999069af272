/**
 * The IAM actions the handler calls, grouped by the resource they act on. The member stack's
 * role grants exactly these (and the handler's tests check it calls nothing else).
 */
export const HANDLER_PERMISSIONS = {
  /** On this account's trails: `arn:aws:cloudtrail:*:ACCOUNT:trail/*`. */
  trail: [
    'cloudtrail:GetTrailStatus',
    'cloudtrail:StartLogging',
    'cloudtrail:GetEventSelectors',
    'cloudtrail:PutEventSelectors',
    'cloudtrail:GetTrail',
    'cloudtrail:UpdateTrail',
  ],
  /** On this account's event data stores: `arn:aws:cloudtrail:*:ACCOUNT:eventdatastore/*`. */
  eventDataStore: ['cloudtrail:GetEventDataStore', 'cloudtrail:StartEventDataStoreIngestion'],
  /** Actions without resource-level permissions (`Resource: *` is the only form IAM accepts). */
  unscoped: ['cloudtrail:ListTrails', 'cloudtrail:LookupEvents', 'cloudtrail:DescribeTrails'],
  /**
   * On this account's symmetric KMS keys in the function's region (`kms:KeySpec` SYMMETRIC_DEFAULT,
   * the only kind CloudTrail encrypts with): bringing back a trail's key.
   */
  trailKey: ['kms:DescribeKey', 'kms:CancelKeyDeletion', 'kms:EnableKey'],
  /** On the function's own state table (STATE_TABLE_NAME) only. */
  stateTable: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
  /** On the central notification topic only. */
  topic: ['sns:Publish'],
  /** On the central event bus only: each notification as an incident event (CENTRAL_BUS_ARN). */
  bus: ['events:PutEvents'],
  /** On this account's default Security Hub product in the function's region (SECURITY_HUB_FINDINGS). */
  findings: ['securityhub:BatchImportFindings'],
  /** On this account's Security Hub in the function's region: the open findings a verified repair settles. */
  findingsLookup: ['securityhub:GetFindings'],
  /** On the central topic's KMS key, which SNS uses to encrypt what is published. */
  topicKey: ['kms:GenerateDataKey*', 'kms:Decrypt'],
} as const;
