// Every class names itself with a literal: the bundle is minified, which renames classes, and
// Lambda's errorType, the DLQ record and the logs all read `error.name`.

/** The base of every error TrailGuard throws on purpose; `cause` keeps the underlying failure. */
export class TrailGuardError extends Error {
  override name = 'TrailGuardError';
}

/** The handler's environment is missing or malformed; the function cannot run until it is fixed. */
export class ConfigurationError extends TrailGuardError {
  override name = 'ConfigurationError';
}

/** An input that is neither a CloudTrail API call event nor a Scheduled Event. */
export class UnrecognisedEventError extends TrailGuardError {
  override name = 'UnrecognisedEventError';
}

/**
 * An event of another account or region than the function's own: only a direct invocation can
 * carry one (EventBridge delivers a function only its own), so it is refused untouched.
 */
export class ForeignEventError extends TrailGuardError {
  override name = 'ForeignEventError';
}

/** An AWS call that undoes or verifies a change failed (after the SDK's own retries). */
export class RemediationError extends TrailGuardError {
  override name = 'RemediationError';
  constructor(
    message: string,
    /** The AWS error code, such as `AccessDeniedException`. */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Publishing the notification to the central topic failed. */
export class NotificationError extends TrailGuardError {
  override name = 'NotificationError';
}

/** One or more incidents of an invocation were not fully handled; the invocation must fail. */
export class IncidentFailedError extends TrailGuardError {
  override name = 'IncidentFailedError';
}

/** Sharing a notification beyond the topic (the central bus, Security Hub) failed; logged, never thrown out of the handler. */
export class SharingError extends TrailGuardError {
  override name = 'SharingError';
}
