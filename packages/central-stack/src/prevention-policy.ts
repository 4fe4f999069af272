import { FUNCTION_LOG_GROUP, remediationRoleName, TRAILGUARD_NAMES } from '@trailguard/member-stack';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';

/** AWS Organizations rejects service control policies longer than this many characters. */
export const MAX_SCP_LENGTH = 5120;

/** Roles CloudFormation StackSets (service-managed) create in every member account. */
export const STACKSET_EXECUTION_ROLE_PATTERN = 'arn:aws:iam::*:role/stacksets-exec-*';

/** The remediation function's roles (one per region), which undo what the policy denies. */
export const REMEDIATION_ROLE_PATTERN = `arn:aws:iam::*:role/${remediationRoleName('*')}`;

/** The calls that stop, delete or weaken a trail or an event data store. */
const TRAIL_TAMPERING = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:StopEventDataStoreIngestion',
  'cloudtrail:UpdateEventDataStore',
  'cloudtrail:DeleteEventDataStore',
];

const prefix = TRAILGUARD_NAMES.prefix;
/** Changes to TrailGuard's own resources, which would switch the guard off. */
const GUARD_TAMPERING: readonly { actions: string[]; resource: string }[] = [
  {
    actions: [
      'events:DeleteRule',
      'events:DisableRule',
      'events:PutRule',
      'events:PutTargets',
      'events:RemoveTargets',
    ],
    resource: `arn:aws:events:*:*:rule/${prefix}*`,
  },
  {
    actions: [
      'lambda:DeleteFunction',
      'lambda:UpdateFunctionCode',
      'lambda:UpdateFunctionConfiguration',
      'lambda:PutFunctionConcurrency',
      'lambda:DeleteFunctionConcurrency',
      'lambda:RemovePermission',
    ],
    resource: `arn:aws:lambda:*:*:function:${prefix}*`,
  },
  {
    actions: [
      'iam:DeleteRole',
      'iam:DeleteRolePolicy',
      'iam:PutRolePolicy',
      'iam:AttachRolePolicy',
      'iam:DetachRolePolicy',
      'iam:UpdateAssumeRolePolicy',
      'iam:PutRolePermissionsBoundary',
      'iam:DeleteRolePermissionsBoundary',
    ],
    resource: `arn:aws:iam::*:role/${prefix}*`,
  },
  {
    actions: ['logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy'],
    resource: `arn:aws:logs:*:*:log-group:${FUNCTION_LOG_GROUP}`,
  },
];

/**
 * The service control policy document: deny tampering with trails and with TrailGuard itself to
 * everyone but the StackSet execution role and the break-glass principals.
 */
export function preventionPolicyDocument(breakGlassPrincipals: readonly string[]): Record<string, unknown> {
  const exceptions = {
    ArnNotLike: { 'aws:PrincipalArn': [STACKSET_EXECUTION_ROLE_PATTERN, ...breakGlassPrincipals] },
  };
  // The remediation function restores event selectors with PutEventSelectors: it must stay able to.
  const trailExceptions = {
    ArnNotLike: {
      'aws:PrincipalArn': [
        STACKSET_EXECUTION_ROLE_PATTERN,
        REMEDIATION_ROLE_PATTERN,
        ...breakGlassPrincipals,
      ],
    },
  };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyTrailTampering',
        Effect: 'Deny',
        Action: TRAIL_TAMPERING,
        Resource: '*',
        Condition: trailExceptions,
      },
      {
        Sid: 'DenyTrailGuardChanges',
        Effect: 'Deny',
        Action: GUARD_TAMPERING.flatMap((g) => g.actions),
        Resource: GUARD_TAMPERING.map((g) => g.resource),
        Condition: exceptions,
      },
    ],
  };
}

/** Length of a policy document as Organizations counts it (whitespace removed). */
export function policyLength(document: unknown): number {
  return JSON.stringify(document).length;
}

/** Properties of the prevention policy. */
export interface PreventionPolicyProps {
  /** OU or root ids the policy is attached to. */
  readonly targetIds: readonly string[];
  /** IAM ARN patterns still allowed to change trails and TrailGuard. @default [] */
  readonly breakGlassPrincipals?: readonly string[];
}

/** An optional service control policy that prevents what the remediation function repairs. */
export class PreventionPolicy extends Construct {
  /** The policy document, as attached. */
  readonly document: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: PreventionPolicyProps) {
    super(scope, id);
    this.document = preventionPolicyDocument(props.breakGlassPrincipals ?? []);
    const length = policyLength(this.document);
    if (length > MAX_SCP_LENGTH) {
      throw new Error(
        `prevention.breakGlassPrincipals makes the service control policy ${length} characters long; ` +
          `AWS Organizations accepts at most ${MAX_SCP_LENGTH}. List fewer principals, or cover several with one ` +
          'pattern such as "arn:aws:iam::*:role/BreakGlass*".',
      );
    }
    new organizations.CfnPolicy(this, 'Resource', {
      name: 'trailguard-prevent-trail-tampering',
      description:
        'TrailGuard: denies stopping, deleting or weakening CloudTrail and changing TrailGuard itself.',
      type: 'SERVICE_CONTROL_POLICY',
      content: this.document,
      targetIds: [...props.targetIds],
    });
  }
}
