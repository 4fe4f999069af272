import type { Emulator } from '@trailguard/test';

/** One SNS message as the function published it. */
export interface SentNotification {
  readonly topicArn: string;
  readonly message: string;
  readonly subject?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Starts moto's request recorder. moto cannot list what was published once a Lambda function
 * exists (its data.json fails without Docker), so the demo reads the Publish requests the
 * emulator received instead — exactly what the function sent.
 */
export async function startRecording(emulator: Emulator): Promise<void> {
  for (const step of ['reset-recording', 'start-recording']) {
    const response = await fetch(`${emulator.endpoint}/moto-api/recorder/${step}`, { method: 'POST' });
    if (!response.ok) throw new Error(`the emulator's recorder failed to ${step} (HTTP ${response.status})`);
  }
}

/** Every SNS Publish the emulator received since recording started, oldest first. */
export async function sentNotifications(emulator: Emulator): Promise<SentNotification[]> {
  const response = await fetch(`${emulator.endpoint}/moto-api/recorder/download-recording`);
  if (!response.ok) throw new Error(`the emulator's recording could not be read (HTTP ${response.status})`);
  const notifications: SentNotification[] = [];
  for (const line of (await response.text()).split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { body?: string; body_encoded?: boolean };
    const body = entry.body_encoded
      ? Buffer.from(entry.body ?? '', 'base64').toString('utf8')
      : (entry.body ?? '');
    const form = new URLSearchParams(body);
    if (form.get('Action') !== 'Publish') continue;
    const attributes: Record<string, string> = {};
    for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
      attributes[form.get(`MessageAttributes.entry.${i}.Name`) ?? ''] =
        form.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '';
    }
    notifications.push({
      topicArn: form.get('TopicArn') ?? '',
      message: form.get('Message') ?? '',
      subject: form.get('Subject') ?? undefined,
      attributes,
    });
  }
  return notifications;
}
