// The function's DynamoDB table of short-lived state (STATE_TABLE_NAME): which events were claimed,
// what was rendered and published for them (for a sweep, per incident), how many notices went out
// per sweep interval, and the digest groups of those held back. One partition key `pk`, one sort key `sk`; every item expires
// (TTL attribute `expiresAt`, epoch seconds) two days after its last write.
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Severity } from '../domain/assessment';
import { type DigestGroup, digestGroupKey, type HeldNotice, STATE_TTL_MS } from '../domain/flood';
import type { RenderedNotification } from '../domain/notification';

/** What the table knows of an event when it is claimed. */
export type Claim =
  /** Not claimed before, or claimed by an attempt that stopped before it rendered anything. */
  | { readonly kind: 'new' }
  /** Rendered before but not published: send this. */
  | { readonly kind: 'rendered'; readonly notification: RenderedNotification }
  | { readonly kind: 'published' };

/** A sweep's notice about one incident, as an earlier attempt of the same sweep left it. */
export interface KeptNotice {
  readonly notification: RenderedNotification;
  readonly published: boolean;
}

type Item = Record<string, AttributeValue>;
const S = (value: string | null): AttributeValue => ({ S: value ?? '' });
const text = (item: Item, key: string): string | null => item[key]?.S || null;
const DIGEST = { S: 'digest' };

/** The state table. */
export class StateTable {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
    private readonly clock: () => number = Date.now,
  ) {}

  private expiresAt(): AttributeValue {
    return { N: String(Math.ceil((this.clock() + STATE_TTL_MS) / 1000)) };
  }

  private update(key: Item, expression: string, values: Item, returnNew = false, condition?: string) {
    return this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: expression,
        ExpressionAttributeValues: { ...values, ':x': this.expiresAt() },
        ReturnValues: returnNew ? 'UPDATED_NEW' : 'NONE',
        ConditionExpression: condition,
      }),
    );
  }

  /** Every item of a partition, read consistently, page by page. */
  private async partition(pk: AttributeValue): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': pk },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  /** Claims an event id; when it was claimed before, says how far that attempt got. */
  async claim(eventId: string): Promise<Claim> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { ...keyOf(eventId), expiresAt: this.expiresAt() },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'new' };
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      const item = (error as { Item?: Item }).Item ?? {};
      if (item.published?.BOOL) return { kind: 'published' };
      const rendered = text(item, 'notification');
      return rendered
        ? { kind: 'rendered', notification: JSON.parse(rendered) as RenderedNotification }
        : { kind: 'new' };
    }
  }

  /**
   * Keeps the notification rendered for an event, so that a retry sends it and not a new one; false
   * when another attempt kept one first. With `incident` (of a sweep, whose event id is the
   * schedule's), this is the incident's claim.
   */
  async keepRendered(
    eventId: string,
    notification: RenderedNotification,
    incident?: string,
  ): Promise<boolean> {
    try {
      await this.update(
        keyOf(eventId, incident),
        'SET notification = :v, expiresAt = :x',
        { ':v': S(JSON.stringify(notification)) },
        false,
        'attribute_not_exists(notification)',
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      return false;
    }
  }

  /** Records that an event's notice (or a sweep's about `incident`) went out or was counted into the digest. */
  async markPublished(eventId: string, incident?: string): Promise<void> {
    await this.update(keyOf(eventId, incident), 'SET published = :v, expiresAt = :x', {
      ':v': { BOOL: true },
    });
  }

  /**
   * The notices earlier attempts of a sweep (one scheduled event id) kept, by incident: a retried
   * sweep sends the ones not published and leaves the incidents of all of them alone.
   */
  async keptNotices(eventId: string): Promise<Map<string, KeptNotice>> {
    const items = await this.partition({ S: `sweep#${eventId}` });
    return new Map(
      items.map((item) => [
        text(item, 'sk') ?? '',
        {
          notification: JSON.parse(text(item, 'notification') ?? '{}') as RenderedNotification,
          published: item.published?.BOOL === true,
        },
      ]),
    );
  }

  /** Counts one more notice in a sweep interval; returns the count so far. */
  async countNotice(window: string): Promise<number> {
    const out = await this.update(
      { pk: { S: 'notices' }, sk: { S: window } },
      'ADD n :one SET expiresAt = :x',
      { ':one': { N: '1' } },
      true,
    );
    return Number(out.Attributes?.n?.N ?? '0');
  }

  /** Counts notices into their digest group; the first notice counted stays its example. */
  async addToDigest(
    notice: HeldNotice,
    count = 1,
    severities: readonly Severity[] = [notice.severity],
    lastTime = notice.time,
  ): Promise<void> {
    await this.update(
      { pk: DIGEST, sk: { S: digestGroupKey(notice) } },
      'ADD n :n, severities :s SET example = if_not_exists(example, :f), lastTime = :l, expiresAt = :x',
      {
        ':n': { N: String(count) },
        ':s': { SS: [...severities] },
        ':f': S(JSON.stringify(notice)),
        ':l': S(lastTime),
      },
    );
  }

  /** Puts groups taken for a digest that could not be published back, counts added to any new ones. */
  async restoreDigest(groups: readonly DigestGroup[]): Promise<void> {
    for (const g of groups) await this.addToDigest(g.first, g.count, g.severities, g.lastTime);
  }

  /**
   * Takes every digest group out of the table: each is deleted and its last values returned, so a
   * notice counted meanwhile is either in what is returned or left for the next digest. Groups whose
   * delete failed stay for the next digest.
   */
  async takeDigest(): Promise<DigestGroup[]> {
    const keys = (await this.partition(DIGEST)).map(({ pk, sk }) => ({ pk, sk }) as Item);
    // The client's socket pool bounds how many deletes are in flight at once.
    const taken = await Promise.allSettled(
      keys.map((Key) =>
        this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key, ReturnValues: 'ALL_OLD' })),
      ),
    );
    return taken.flatMap((t) =>
      t.status === 'fulfilled' && t.value.Attributes ? [groupOf(t.value.Attributes)] : [],
    );
  }
}

/** An event's item, or the item of one incident of a sweep (whose event id is the schedule's). */
const keyOf = (eventId: string, incident?: string): Item =>
  incident === undefined
    ? { pk: { S: `event#${eventId}` }, sk: { S: 'event' } }
    : { pk: { S: `sweep#${eventId}` }, sk: { S: incident } };

function groupOf(item: Item): DigestGroup {
  const first = JSON.parse(text(item, 'example') ?? '{}') as HeldNotice;
  return {
    first,
    count: Number(item.n?.N ?? '0'),
    severities: (item.severities?.SS ?? []) as Severity[],
    lastTime: text(item, 'lastTime') ?? first.time,
  };
}
