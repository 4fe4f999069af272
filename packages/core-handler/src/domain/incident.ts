// What one notification is about: the event, who acted, how bad it is, and what TrailGuard did.
import type { Assessment, Response } from './assessment';
import type { Actor, ApiCallEvent, InboundEvent } from './event';
import { asVerification } from './verification';

export type { Response };

/** The facts of the event behind an incident, as the notification reports them. */
export interface IncidentEvent {
  readonly id: string;
  readonly name: string;
  readonly time: string;
  readonly account: string;
  readonly region: string;
  readonly sourceIp: string | null;
  readonly userAgent: string | null;
  readonly errorCode: string | null;
}

/** Everything one notification says. */
export interface Incident {
  readonly event: IncidentEvent;
  /** Null when nobody is known, e.g. a sweep finding. */
  readonly actor: Actor | null;
  readonly assessment: Assessment;
  readonly response: Response;
}

/** The event name of an incident the sweep found (in notifications and logs). */
export const SWEEP_EVENT_NAME = 'Sweep';

/** The facts of an event that a notification reports about the event itself. */
export function incidentEventOf(event: InboundEvent): IncidentEvent {
  if (event.kind === 'scheduled') {
    const { id, time, account, region } = event;
    return {
      id,
      name: SWEEP_EVENT_NAME,
      time,
      account,
      region,
      sourceIp: null,
      userAgent: null,
      errorCode: null,
    };
  }
  return {
    id: event.eventId,
    name: event.name,
    time: event.time,
    account: event.account,
    region: event.region,
    sourceIp: event.sourceIp,
    userAgent: event.userAgent,
    errorCode: event.errorCode,
  };
}

/** The incident of an API call; a remediation that failed makes it critical whatever the change was. */
export function apiCallIncident(event: ApiCallEvent, assessment: Assessment, response: Response): Incident {
  return {
    event: incidentEventOf(event),
    actor: event.actor,
    ...asVerification(
      response.outcome === 'failed' ? { ...assessment, severity: 'critical' } : assessment,
      response,
    ),
  };
}
