// CloudWatch embedded metric format, written by hand: Powertools Metrics would put the bundle
// over its 40 KB budget next to Powertools Logger (see README for the measured sizes).

/** The metrics TrailGuard emits. */
export type MetricName =
  | 'TamperEvents'
  | 'Remediations'
  | 'RemediationFailures'
  | 'NotificationFailures'
  | 'SweepCheckFailures'
  | 'IncidentEventFailures'
  | 'FindingFailures'
  | 'RemediationLatency';

/** Collects metrics during one invocation and writes them as one EMF line. */
export class Metrics {
  private readonly values = new Map<MetricName, number[]>();

  constructor(
    private readonly namespace: string,
    private readonly dimensions: Readonly<Record<string, string>>,
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly clock: () => number = Date.now,
  ) {}

  /** Adds a value (count, or milliseconds for RemediationLatency). */
  add(name: MetricName, value = 1): void {
    const list = this.values.get(name) ?? [];
    list.push(value);
    this.values.set(name, list);
  }

  /** Writes what was collected, if anything, and starts over. */
  flush(): void {
    if (this.values.size === 0) return;
    const names = [...this.values.keys()];
    const line = {
      _aws: {
        Timestamp: this.clock(),
        CloudWatchMetrics: [
          {
            Namespace: this.namespace,
            Dimensions: [Object.keys(this.dimensions)],
            Metrics: names.map((Name) => ({
              Name,
              Unit: Name === 'RemediationLatency' ? 'Milliseconds' : 'Count',
            })),
          },
        ],
      },
      ...this.dimensions,
      ...Object.fromEntries(
        names.map((n) => {
          const v = this.values.get(n) as number[];
          return [n, n === 'RemediationLatency' ? v : v.reduce((a, b) => a + b, 0)];
        }),
      ),
    };
    this.values.clear();
    this.write(JSON.stringify(line));
  }
}
