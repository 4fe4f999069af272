import {
  CancelKeyDeletionCommand,
  DescribeKeyCommand,
  EnableKeyCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { call } from './cloudtrail';

/** KMS in one region: the calls that bring back a trail's key. */
export class KeyControl {
  constructor(private readonly client: KMSClient) {}

  /** The key's state, such as `Enabled`, `Disabled` or `PendingDeletion` (DescribeKey). */
  async state(keyId: string): Promise<string> {
    const out = await call(`DescribeKey on ${keyId}`, () =>
      this.client.send(new DescribeKeyCommand({ KeyId: keyId })),
    );
    return out.KeyMetadata?.KeyState ?? 'Unknown';
  }

  /** Cancels a scheduled deletion (the key is then disabled). */
  async cancelDeletion(keyId: string): Promise<void> {
    await call(`CancelKeyDeletion on ${keyId}`, () =>
      this.client.send(new CancelKeyDeletionCommand({ KeyId: keyId })),
    );
  }

  /** Enables the key. */
  async enable(keyId: string): Promise<void> {
    await call(`EnableKey on ${keyId}`, () => this.client.send(new EnableKeyCommand({ KeyId: keyId })));
  }
}
