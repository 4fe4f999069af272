// Composition root: validates the environment once per cold start, builds the SDK clients once
// (one CloudTrail client per region), and routes each event to the responder.
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { TrailControl } from './adapters/cloudtrail';
import { Logger } from './adapters/logger';
import { Metrics } from './adapters/metrics';
import { NotificationTopic } from './adapters/sns';
import { UnrecognisedEventError } from './domain/errors';
import { parseEvent } from './domain/event';
import { observabilityOf, parseSettings, type Settings } from './domain/settings';
import { respondToApiCall } from './respond/api-call';
import type { InvocationSummary } from './respond/responder';
import { sweep } from './respond/sweep';

/** What the handler is built from; everything but the settings has a production default. */
export interface HandlerDeps {
  readonly settings: Settings;
  /** Creates the CloudTrail client of a region (called once per region). */
  readonly cloudTrailClient?: (region: string) => CloudTrailClient;
  /** The SNS client, in the topic's region. */
  readonly snsClient?: SNSClient;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly clock?: () => number;
}

/** The Lambda handler's shape. */
export type TrailGuardHandler = (event: unknown, context?: unknown) => Promise<InvocationSummary>;

/** Standard retries: throttling and transient errors are retried with backoff by the SDK. */
export const RETRIES = { maxAttempts: 3, retryMode: 'standard' } as const;

/** Builds a handler; clients are created lazily, once per region, and reused. */
export function createHandler(deps: HandlerDeps): TrailGuardHandler {
  const observed = observabilityOf(process.env);
  const logger = deps.logger ?? new Logger(observed.service, observed.logLevel);
  const metrics = deps.metrics ?? new Metrics(observed.namespace, { service: observed.service });
  const makeCloudTrail =
    deps.cloudTrailClient ?? ((region: string) => new CloudTrailClient({ region, ...RETRIES }));
  const controls = new Map<string, TrailControl>();
  const trails = (region: string): TrailControl => {
    let control = controls.get(region);
    if (!control) {
      control = new TrailControl(makeCloudTrail(region));
      controls.set(region, control);
    }
    return control;
  };
  const sns = deps.snsClient ?? new SNSClient({ region: deps.settings.topicRegion, ...RETRIES });
  const responder = {
    settings: deps.settings,
    trails,
    topic: new NotificationTopic(sns, deps.settings.topicArn),
    logger,
    metrics,
    clock: deps.clock ?? Date.now,
  };
  return async (input, context) => {
    logger.requestId = (context as { awsRequestId?: string } | undefined)?.awsRequestId;
    const parsed = parseEvent(input);
    try {
      if (!parsed.ok) {
        const source = (input as { source?: unknown } | null)?.source;
        logger.error('unrecognised event', { reason: parsed.reason, source });
        throw new UnrecognisedEventError(`TrailGuard cannot handle this event: ${parsed.reason}`);
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
