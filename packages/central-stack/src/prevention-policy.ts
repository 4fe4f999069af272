import { FUNCTION_LOG_GROUP_PATTERN, roleArnPattern, TRAILGUARD_NAMES } from '@trailguard/member-stack';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { STACKSET_EXECUTION_ROLE_PATTERN, scpExemptPrincipals } from './scp-exemptions';

export { REMEDIATION_ROLE_PATTERN, STACKSET_EXECUTION_ROLE_PATTERN } from './scp-exemptions';

/** AWS Organizations rejects service control policies longer than this many characters. */
export const MAX_SCP_LENGTH = 5120;

/** The calls that stop, delete or weaken a trail or an event data store, or leave the organization. */
const TRAIL_TAMPERING = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:PutInsightSelectors',
  'cloudtrail:StopEventDataStoreIngestion',
  'cloudtrail:UpdateEventDataStore',
  'cloudtrail:DeleteEventDataStore',
  // An account that leaves takes itself out of every SCP and StackSet.
  'organizations:LeaveOrganization',
];

const prefix = TRAILGUARD_NAMES.prefix;
/** Changes to TrailGuard's own resources, which would switch the guard off or blind it. */
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
      // Retries and the failure destination: set to 0 or pointed elsewhere, a failed publish is lost.
      'lambda:PutFunctionEventInvokeConfig',
      'lambda:UpdateFunctionEventInvokeConfig',
      'lambda:DeleteFunctionEventInvokeConfig',
      // AddPermission and RemovePermission (the layer-version ones act on layers, not on functions).
      'lambda:*Permission',
      // A direct invocation can carry any event; EventBridge invokes as a service principal,
      // which no SCP restricts.
      'lambda:Invoke*',
    ],
    resource: `arn:aws:lambda:*:*:function:${prefix}*`,
  },
  {
    // The record of what TrailGuard did: deleting it or its streams, writing forged lines into it
    // (the function writes with its own role, which is exempt), or encrypting it with a key the
    // admin then disables. IAM matches a group as its ARN ending in ":*", which covers its streams.
    // Wildcards keep the policy short (5,120 characters at most, break-glass principals included).
    actions: [
      'logs:DeleteLog*',
      'logs:*RetentionPolicy',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'logs:*KmsKey',
    ],
    resource: `arn:aws:logs:*:*:log-group:${FUNCTION_LOG_GROUP_PATTERN}:*`,
  },
  { actions: ['sqs:*'], resource: `arn:aws:sqs:*:*:${TRAILGUARD_NAMES.deadLetterQueue}` },
  {
    // The state table holds claimed events and the flood digest: deleting it, or its items, would
    // lose held-back counts or let a retry notify twice. Reading it stays allowed.
    actions: [
      'dynamodb:Delete*',
      'dynamodb:Update*',
      'dynamodb:Put*',
      'dynamodb:BatchWriteItem',
      'dynamodb:PartiQL*',
    ],
    resource: `arn:aws:dynamodb:*:*:table/${TRAILGUARD_NAMES.stateTable}`,
  },
  {
    actions: ['cloudwatch:DeleteAlarms', 'cloudwatch:PutMetricAlarm', 'cloudwatch:SetAlarmState'],
    resource: `arn:aws:cloudwatch:*:*:alarm:${prefix}*`,
  },
];

/**
 * Creating, changing, tagging, attaching policies to or passing a role: whoever can do that to a
 * role whose name the policy exempts can make themselves exempt.
 */
const ROLE_CHANGES = [
  'iam:CreateRole',
  'iam:DeleteRole*',
  'iam:PutRole*',
  'iam:UpdateRole*',
  'iam:UpdateAssumeRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:PassRole',
];
/** The same for a break-glass user: creating it, renaming another to it, or signing in as it. */
const USER_CHANGES = [
  'iam:CreateUser',
  'iam:UpdateUser',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:CreateAccessKey',
];

/**
 * The service control policy document: deny tampering with trails and with TrailGuard itself to
 * everyone but the StackSet execution role, TrailGuard's remediation roles (which hold no
 * permission for it besides their repairs) and the break-glass principals; and deny taking any
 * of those exempt names to everyone but the StackSet execution role.
 */
export function preventionPolicyDocument(breakGlassPrincipals: readonly string[]): Record<string, unknown> {
  const exempt = { ArnNotLike: { 'aws:PrincipalArn': scpExemptPrincipals(breakGlassPrincipals) } };
  // Roots cannot be created or renamed; role and user patterns name what must not be taken.
  const breakGlassNames = breakGlassPrincipals.filter((p) => !p.endsWith(':root'));
  const hasUsers = breakGlassNames.some((p) => p.includes(':user/'));
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyTrailTampering',
        Effect: 'Deny',
        Action: TRAIL_TAMPERING,
        Resource: '*',
        Condition: exempt,
      },
      {
        Sid: 'DenyTrailGuardChanges',
        Effect: 'Deny',
        Action: GUARD_TAMPERING.flatMap((g) => g.actions),
        Resource: GUARD_TAMPERING.map((g) => g.resource),
        Condition: exempt,
      },
      {
        // An event source mapping makes Lambda itself invoke the function with what a queue or
        // stream holds, past the lambda:Invoke* denial above; TrailGuard never uses one.
        Sid: 'DenyEventSourcesForTrailGuard',
        Effect: 'Deny',
        Action: ['lambda:CreateEventSourceMapping', 'lambda:UpdateEventSourceMapping'],
        Resource: '*',
        Condition: {
          ArnLike: { 'lambda:FunctionArn': `arn:aws:lambda:*:*:function:${prefix}*` },
          ArnNotLike: { 'aws:PrincipalArn': STACKSET_EXECUTION_ROLE_PATTERN },
        },
      },
      {
        Sid: 'DenyTakingExemptNames',
        Effect: 'Deny',
        Action: hasUsers ? [...ROLE_CHANGES, ...USER_CHANGES] : ROLE_CHANGES,
        Resource: [STACKSET_EXECUTION_ROLE_PATTERN, roleArnPattern(`${prefix}*`), ...breakGlassNames],
        Condition: { ArnNotLike: { 'aws:PrincipalArn': STACKSET_EXECUTION_ROLE_PATTERN } },
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
    // The config schema refuses these already; the construct keeps the rule when used alone.
    const anyAccount = (props.breakGlassPrincipals ?? []).filter(
      (p) => !/^\d{12}$/.test(p.split(':')[4] ?? ''),
    );
    if (anyAccount.length > 0) {
      throw new Error(
        `break-glass principals must each name an account, or the policy cannot keep others from taking their names: ${anyAccount.join(', ')}`,
      );
    }
    this.document = preventionPolicyDocument(props.breakGlassPrincipals ?? []);
    const length = policyLength(this.document);
    if (length > MAX_SCP_LENGTH) {
      throw new Error(
        `prevention.breakGlassPrincipals makes the service control policy ${length} characters long; ` +
          `AWS Organizations accepts at most ${MAX_SCP_LENGTH}. List fewer principals, or cover several roles of ` +
          'one account with one pattern such as "arn:aws:iam::111122223333:role/BreakGlass*".',
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
