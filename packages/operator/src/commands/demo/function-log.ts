/** A function log line as a timeline entry: its time and its message with the keys that matter. */
export function logEntry(line: string): { at?: number; text: string } {
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    if (record._aws) return metricsEntry(record);
    const at = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : undefined;
    const keys = [
      'action',
      'outcome',
      'decision',
      'kind',
      'verified',
      'reason',
      'eventName',
      'trail',
      'severity',
      'error',
    ]
      .filter((k) => record[k] !== undefined)
      .map((k) => `${k}=${valueText(k, record[k])}`);
    return {
      at: Number.isNaN(at) ? undefined : at,
      text: `log: ${String(record.message ?? line)}${keys.length ? ` (${keys.join(', ')})` : ''}`,
    };
  } catch {
    return { text: `log: ${line}` };
  }
}

/** A key's value as the timeline shows it; an error by its name and message, its cause left to the log. */
function valueText(key: string, value: unknown): string {
  if (key === 'error' && value && typeof value === 'object') {
    const { name, message } = value as { name?: unknown; message?: unknown };
    return `${String(name)}: ${String(message)}`;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A CloudWatch embedded-metrics line: the metrics, not the envelope. */
function metricsEntry(record: Record<string, unknown>): { at?: number; text: string } {
  const emf = record._aws as {
    Timestamp?: number;
    CloudWatchMetrics?: Array<{ Metrics?: Array<{ Name: string }> }>;
  };
  const names = emf.CloudWatchMetrics?.flatMap((m) => m.Metrics ?? []).map((m) => m.Name) ?? [];
  const values = names.map((n) => `${n}=${JSON.stringify(record[n])}`);
  // The handler times latency from eventTime, which CloudTrail records to the second.
  const note = names.includes('RemediationLatency')
    ? " (ms since the event's time, which CloudTrail rounds down to the second)"
    : '';
  return { at: emf.Timestamp, text: `metrics: ${values.join(', ')}${note}` };
}
