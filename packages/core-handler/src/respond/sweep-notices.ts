// A sweep's notices, kept per scheduled event and incident in the state table. A publish that fails
// fails the sweep, and Lambda's retry re-runs it with the same event: by then a repaired trail looks
// healthy and a problem left alone looks new again. So each notice is claimed and kept before it is
// published, and a retry sends the kept ones that were not published and leaves every incident an
// earlier attempt reported alone: one notice per incident, saying what the first attempt did.
import type { KeptNotice } from '../adapters/state';
import type { ScheduledEvent } from '../domain/event';
import { SWEEP_EVENT_NAME } from '../domain/incident';
import type { RenderedNotification } from '../domain/notification';
import type { TrailRef } from '../domain/resources';
import { publish, type ResponderDeps, withState } from './responder';

/** The incidents a sweep reports, each with its own notice: a trail's findings, its delivery, the digest. */
export const SWEEP_INCIDENTS = {
  findings: (trail: TrailRef) => `findings#${trail.arn}`,
  delivery: (trail: TrailRef) => `delivery#${trail.arn}`,
  digest: 'digest',
} as const;

/** What became of a notice: published, claimed by a concurrent attempt, or the publish error. */
export type Sent = 'sent' | 'claimed-elsewhere' | Error;

/** The notices of one sweep (one scheduled event id), across Lambda's attempts at it. */
export class SweepNotices {
  private constructor(
    private readonly deps: ResponderDeps,
    private readonly event: ScheduledEvent,
    private readonly kept: ReadonlyMap<string, KeptNotice>,
  ) {}

  /** Reads what earlier attempts of this sweep kept (nothing without the table, or when it fails). */
  static async load(deps: ResponderDeps, event: ScheduledEvent): Promise<SweepNotices> {
    const kept = await withState(deps, 'kept notices', keysOf(event), (state) => state.keptNotices(event.id));
    return new SweepNotices(deps, event, kept ?? new Map());
  }

  /** Whether an earlier attempt of this sweep reported the incident (or kept its notice to send). */
  reported(incident: string): boolean {
    return this.kept.has(incident);
  }

  /** Publishes the notices earlier attempts kept but could not publish; returns what became of each. */
  async resend(): Promise<Sent[]> {
    const outcomes: Sent[] = [];
    for (const [incident, notice] of this.kept) {
      if (notice.published || notice.notification === null) continue;
      const keys = { ...keysOf(this.event), incident, retried: true };
      outcomes.push(await this.publishAndMark(incident, notice.notification, keys));
    }
    return outcomes;
  }

  /** Claims the incident, keeps its notice, publishes it and records that it went out. */
  async send(incident: string, notification: RenderedNotification, keys: object): Promise<Sent> {
    const claimed = await withState(this.deps, 'claim notice', keys, (state) =>
      state.claimNotice(this.event.id, incident, notification),
    );
    if (claimed === false) {
      this.deps.logger.info('duplicate delivery', { ...keys, incident });
      return 'claimed-elsewhere';
    }
    return this.publishAndMark(incident, notification, keys);
  }

  /** Records that this sweep's digest went out, so that a retry sends no second one. */
  async digestSent(): Promise<void> {
    await withState(this.deps, 'mark digest', keysOf(this.event), (state) =>
      state.markPublished(this.event.id, SWEEP_INCIDENTS.digest),
    );
  }

  private async publishAndMark(
    incident: string,
    notification: RenderedNotification,
    keys: object,
  ): Promise<Sent> {
    const error = await publish(this.deps, notification, keys);
    if (error) return error;
    await withState(this.deps, 'mark notice', keys, (state) => state.markPublished(this.event.id, incident));
    return 'sent';
  }
}

const keysOf = (event: ScheduledEvent) => ({
  eventId: event.id,
  eventName: SWEEP_EVENT_NAME,
  account: event.account,
  region: event.region,
});
