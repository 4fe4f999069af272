import {
  type CloudTrailClient,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  PutEventSelectorsCommand,
  StartEventDataStoreIngestionCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { RemediationError } from '../domain/errors';
import type { EventDataStoreRef, TrailRef } from '../domain/resources';
import type { SelectorSet } from '../domain/selectors';

/** A trail as ListTrails returns it. */
export interface ListedTrail {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string;
}

async function call<T>(what: string, send: () => Promise<T>): Promise<T> {
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
    const status = await call(`GetTrailStatus on ${trail.arn}`, () =>
      this.client.send(new GetTrailStatusCommand({ Name: trail.arn })),
    );
    return status.IsLogging === true;
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
