import {
  type CloudTrailClient,
  DescribeTrailsCommand,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  LookupEventsCommand,
  PutEventSelectorsCommand,
  StartEventDataStoreIngestionCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import type { DeliveryStatus } from '../domain/delivery-health';
import { RemediationError } from '../domain/errors';
import type { EventDataStoreRef, TrailRef } from '../domain/resources';
import type { SelectorSet } from '../domain/selectors';
import type { HistoryRecord } from '../domain/sweep';
import type { DescribedTrail, TrailSwitch } from '../domain/trail-setup';

/** How many LookupEvents pages (50 events each) one trail's history is read for, at most. */
export const HISTORY_PAGES = 3;

/** A trail as ListTrails returns it. */
export interface ListedTrail {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string;
}

/** Sends one call; a failure becomes a RemediationError naming the call and AWS's error code. */
export async function call<T>(what: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const code = (error as { name?: string }).name ?? 'UnknownError';
    const message = (error as { message?: string }).message ?? String(error);
    throw new RemediationError(`${what} failed: ${code}: ${message}`, code, { cause: error });
  }
}

/** CloudTrail in one region: the calls that restore and verify logging. */
export class TrailControl {
  constructor(private readonly client: CloudTrailClient) {}

  /** Starts logging (harmless on a trail that is logging). */
  async startLogging(trail: TrailRef): Promise<void> {
    await call(`StartLogging on ${trail.arn}`, () =>
      this.client.send(new StartLoggingCommand({ Name: trail.arn })),
    );
  }

  /** Whether the trail is logging now. */
  async isLogging(trail: TrailRef): Promise<boolean> {
    return (await this.status(trail)).logging;
  }

  /** Whether the trail is logging, since when it has been stopped (ms) if CloudTrail says, and how it delivers. */
  async status(trail: TrailRef): Promise<DeliveryStatus & { stoppedAt: number | null }> {
    const status = await call(`GetTrailStatus on ${trail.arn}`, () =>
      this.client.send(new GetTrailStatusCommand({ Name: trail.arn })),
    );
    const ms = (time: Date | undefined, older?: string) => {
      // The Date fields are the documented ones; TimeLogging* are their older string twins.
      const value = time?.getTime() ?? Date.parse(older ?? '');
      return Number.isFinite(value) ? value : null;
    };
    return {
      logging: status.IsLogging === true,
      stoppedAt: ms(status.StopLoggingTime, status.TimeLoggingStopped),
      startedAt: ms(status.StartLoggingTime, status.TimeLoggingStarted),
      logFiles: { last: ms(status.LatestDeliveryTime), error: status.LatestDeliveryError || null },
      digestFiles: {
        last: ms(status.LatestDigestDeliveryTime),
        error: status.LatestDigestDeliveryError || null,
      },
      cloudWatchLogs: {
        last: ms(status.LatestCloudWatchLogsDeliveryTime),
        error: status.LatestCloudWatchLogsDeliveryError || null,
      },
    };
  }

  /**
   * Event history of the trail, newest first, looked up by its ARN and then by its name (a call
   * may name the trail either way), at most HISTORY_PAGES pages each. Stops as soon as `wanted`
   * returns something.
   */
  async findInHistory<T>(trail: TrailRef, wanted: (record: HistoryRecord) => T | null): Promise<T | null> {
    for (const resource of new Set([trail.arn, trail.name])) {
      let NextToken: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const out = await call(`LookupEvents on ${resource}`, () =>
          this.client.send(
            new LookupEventsCommand({
              LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: resource }],
              MaxResults: 50,
              NextToken,
            }),
          ),
        );
        for (const e of out.Events ?? []) {
          const found = wanted({
            eventId: e.EventId ?? null,
            eventName: e.EventName ?? null,
            eventTime: e.EventTime?.getTime() ?? null,
            cloudTrailEvent: e.CloudTrailEvent ?? null,
          });
          if (found !== null) return found;
        }
        NextToken = out.NextToken;
        if (!NextToken) break;
      }
    }
    return null;
  }

  /** Whether the trail is an organization trail (GetTrail's IsOrganizationTrail). */
  async isOrganizationTrail(trail: TrailRef): Promise<boolean> {
    const out = await call(`GetTrail on ${trail.arn}`, () =>
      this.client.send(new GetTrailCommand({ Name: trail.arn })),
    );
    return out.Trail?.IsOrganizationTrail === true;
  }

  /** The selectors in force on the trail. */
  async selectors(trail: TrailRef): Promise<SelectorSet> {
    const out = await call(`GetEventSelectors on ${trail.arn}`, () =>
      this.client.send(new GetEventSelectorsCommand({ TrailName: trail.arn })),
    );
    return {
      basic: out.EventSelectors ?? [],
      advanced: (out.AdvancedEventSelectors ?? []) as SelectorSet['advanced'],
    };
  }

  /** Replaces the trail's selectors (advanced ones when the set has any, else basic ones). */
  async putSelectors(trail: TrailRef, selectors: SelectorSet): Promise<void> {
    const input =
      selectors.advanced.length > 0
        ? { TrailName: trail.arn, AdvancedEventSelectors: selectors.advanced }
        : { TrailName: trail.arn, EventSelectors: selectors.basic };
    await call(`PutEventSelectors on ${trail.arn}`, () =>
      this.client.send(
        new PutEventSelectorsCommand(input as ConstructorParameters<typeof PutEventSelectorsCommand>[0]),
      ),
    );
  }

  /** Restarts ingestion on an event data store. */
  async startIngestion(store: EventDataStoreRef): Promise<void> {
    await call(`StartEventDataStoreIngestion on ${store.id}`, () =>
      this.client.send(new StartEventDataStoreIngestionCommand({ EventDataStore: store.id })),
    );
  }

  /** Whether the event data store is ingesting (status ENABLED). */
  async isIngesting(store: EventDataStoreRef): Promise<boolean> {
    const out = await call(`GetEventDataStore on ${store.id}`, () =>
      this.client.send(new GetEventDataStoreCommand({ EventDataStore: store.id })),
    );
    return out.Status === 'ENABLED';
  }

  /** Where every trail ListTrails shows delivers: DescribeTrails by ARN reaches other regions' trails too. */
  async describeAll(): Promise<DescribedTrail[]> {
    const arns: string[] = [];
    for await (const t of this.trails()) arns.push(t.arn);
    if (arns.length === 0) return [];
    const out = await call('DescribeTrails', () =>
      this.client.send(new DescribeTrailsCommand({ trailNameList: arns, includeShadowTrails: true })),
    );
    return out.trailList ?? [];
  }

  /** Which of the switches are on now (GetTrail). */
  async switches(trail: TrailRef): Promise<Record<TrailSwitch, boolean>> {
    const { Trail: t = {} } = await call(`GetTrail on ${trail.arn}`, () =>
      this.client.send(new GetTrailCommand({ Name: trail.arn })),
    );
    return {
      IsMultiRegionTrail: t.IsMultiRegionTrail === true,
      IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents === true,
      EnableLogFileValidation: t.LogFileValidationEnabled === true,
    };
  }

  /** Turns the switches on with one UpdateTrail. */
  async switchOn(trail: TrailRef, switches: readonly TrailSwitch[]): Promise<void> {
    const on = Object.fromEntries(switches.map((s) => [s, true]));
    await call(`UpdateTrail on ${trail.arn}`, () =>
      this.client.send(new UpdateTrailCommand({ Name: trail.arn, ...on })),
    );
  }

  /** Every trail visible in this region, page by page (shadow copies included). */
  async *trails(): AsyncGenerator<ListedTrail> {
    let NextToken: string | undefined;
    do {
      const page = await call('ListTrails', () => this.client.send(new ListTrailsCommand({ NextToken })));
      for (const t of page.Trails ?? []) {
        if (t.TrailARN && t.Name && t.HomeRegion)
          yield { name: t.Name, arn: t.TrailARN, homeRegion: t.HomeRegion };
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
}
