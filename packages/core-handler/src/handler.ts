// Composition root: validates the environment once per cold start, builds the SDK clients once
// (one CloudTrail client per region), and routes each event to the responder.
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { TrailControl } from './adapters/cloudtrail';
import { IncidentBus } from './adapters/eventbridge';
import { KeyControl } from './adapters/kms';
import { Logger } from './adapters/logger';
import { Metrics } from './adapters/metrics';
import { FindingsHub } from './adapters/securityhub';
import { NotificationTopic } from './adapters/sns';
import { StateTable } from './adapters/state';
import { ForeignEventError, UnrecognisedEventError } from './domain/errors';
import { parseEvent } from './domain/event';
import { foreignEventReason, functionHome } from './domain/origin';
import { observabilityOf, parseSettings, type Settings } from './domain/settings';
import { respondToApiCall } from './respond/api-call';
import type { InvocationSummary } from './respond/responder';
import { sweep } from './respond/sweep';
import { trailSetupLookup } from './respond/trail-setups';

/** What the handler is built from; everything but the settings has a production default. */
export interface HandlerDeps {
  readonly settings: Settings;
  /** Creates the CloudTrail client of a region (called once per region). */
  readonly cloudTrailClient?: (region: string) => CloudTrailClient;
  /** Creates the KMS client of a region (called once per region). */
  readonly kmsClient?: (region: string) => KMSClient;
  /** The SNS client, in the topic's region. */
  readonly snsClient?: SNSClient;
  /** The DynamoDB client of the state table, in the function's own region (used with STATE_TABLE_NAME). */
  readonly dynamoDbClient?: DynamoDBClient;
  /** The EventBridge client, in the central bus's region (used with CENTRAL_BUS_ARN). */
  readonly eventBridgeClient?: EventBridgeClient;
  /** The Security Hub client, in the function's own region (used with SECURITY_HUB_FINDINGS). */
  readonly securityHubClient?: SecurityHubClient;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly clock?: () => number;
}

/** The Lambda handler's shape. */
export type TrailGuardHandler = (event: unknown, context?: unknown) => Promise<InvocationSummary>;

/** Standard retries: throttling and transient errors are retried with backoff by the SDK. */
export const RETRIES = { maxAttempts: 3, retryMode: 'standard' } as const;

/** One object per region, made on first use and reused. */
function perRegion<T>(make: (region: string) => T): (region: string) => T {
  const made = new Map<string, T>();
  return (region) => {
    let value = made.get(region);
    if (!value) {
      value = make(region);
      made.set(region, value);
    }
    return value;
  };
}

/** The central bus and Security Hub, as the settings enable them. */
function sharingOf(deps: HandlerDeps) {
  const { busArn, securityHub } = deps.settings;
  const busRegion = busArn?.split(':')[3];
  return {
    bus: busArn
      ? new IncidentBus(
          deps.eventBridgeClient ?? new EventBridgeClient({ region: busRegion, ...RETRIES }),
          busArn,
        )
      : null,
    findings: securityHub ? new FindingsHub(deps.securityHubClient ?? new SecurityHubClient(RETRIES)) : null,
  };
}

/** Builds a handler; clients are created lazily, once per region, and reused. */
export function createHandler(deps: HandlerDeps): TrailGuardHandler {
  const observed = observabilityOf(process.env);
  const logger = deps.logger ?? new Logger(observed.service, observed.logLevel);
  const metrics = deps.metrics ?? new Metrics(observed.namespace, { service: observed.service });
  const makeCloudTrail =
    deps.cloudTrailClient ?? ((region: string) => new CloudTrailClient({ region, ...RETRIES }));
  const makeKms = deps.kmsClient ?? ((region: string) => new KMSClient({ region, ...RETRIES }));
  const trails = perRegion((region) => new TrailControl(makeCloudTrail(region)));
  const sns = deps.snsClient ?? new SNSClient({ region: deps.settings.topicRegion, ...RETRIES });
  const clock = deps.clock ?? Date.now;
  const table = deps.settings.stateTableName;
  const base = {
    settings: deps.settings,
    trails,
    keys: perRegion((region) => new KeyControl(makeKms(region))),
    topic: new NotificationTopic(sns, deps.settings.topicArn),
    sharing: sharingOf(deps),
    state: table ? new StateTable(deps.dynamoDbClient ?? new DynamoDBClient(RETRIES), table, clock) : null,
    logger,
    metrics,
    clock,
  };
  return async (input, context) => {
    logger.requestId = (context as { awsRequestId?: string } | undefined)?.awsRequestId;
    // Trails' setups are read afresh by each invocation.
    const responder = { ...base, setups: trailSetupLookup(trails) };
    const parsed = parseEvent(input);
    try {
      if (!parsed.ok) {
        const source = (input as { source?: unknown } | null)?.source;
        logger.error('unrecognised event', { reason: parsed.reason, source });
        throw new UnrecognisedEventError(`TrailGuard cannot handle this event: ${parsed.reason}`);
      }
      // Outside Lambda (tests, the bench) the context has no invokedFunctionArn: nothing to compare.
      const home = functionHome(
        (context as { invokedFunctionArn?: unknown } | undefined)?.invokedFunctionArn,
      );
      const foreign = home && foreignEventReason(parsed.event, home);
      if (foreign) {
        logger.error('foreign event refused', {
          eventId: parsed.event.id,
          account: parsed.event.account,
          region: parsed.event.region,
          reason: foreign,
        });
        throw new ForeignEventError(`TrailGuard refuses this event: ${foreign}`);
      }
      return parsed.event.kind === 'scheduled'
        ? await sweep(responder, parsed.event)
        : await respondToApiCall(responder, parsed.event);
    } finally {
      metrics.flush();
    }
  };
}

// In Lambda the handler is built during init (a bad environment then fails the cold start with
// one clear message); elsewhere, such as tests importing this module, on the first call.
let production: TrailGuardHandler | undefined = process.env.AWS_LAMBDA_FUNCTION_NAME
  ? createHandler({ settings: parseSettings(process.env) })
  : undefined;

/** The Lambda entry point: settings come from the environment, validated once per cold start. */
export const handler: TrailGuardHandler = async (event, context) => {
  production ??= createHandler({ settings: parseSettings(process.env) });
  return production(event, context);
};
