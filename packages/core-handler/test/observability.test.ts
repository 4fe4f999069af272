import { Logger } from '../src/adapters/logger';
import { Metrics } from '../src/adapters/metrics';
import { RemediationError } from '../src/domain/errors';

describe('Logger', () => {
  it('writes one JSON line with level, message, service, request id and the keys', () => {
    const lines: string[] = [];
    const logger = new Logger(
      'trailguard',
      'INFO',
      (l) => lines.push(l),
      () => Date.parse('2026-11-26T09:14:05Z'),
    );
    logger.requestId = 'req-1';
    logger.debug('not written at INFO');
    logger.info('decision', { eventId: 'e-1', trail: 'arn:t' });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        level: 'INFO',
        message: 'decision',
        timestamp: '2026-11-26T09:14:05.000Z',
        service: 'trailguard',
        function_request_id: 'req-1',
        eventId: 'e-1',
        trail: 'arn:t',
      },
    ]);
  });

  it('serialises errors with their code and cause', () => {
    const lines: string[] = [];
    const cause = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    new Logger('trailguard', 'INFO', (l) => lines.push(l)).error('remediation failed', {
      error: new RemediationError('StartLogging failed', 'AccessDeniedException', { cause }),
    });
    expect(JSON.parse(lines[0] as string).error).toEqual({
      name: 'RemediationError',
      message: 'StartLogging failed',
      code: 'AccessDeniedException',
      cause: { name: 'AccessDeniedException', message: 'denied' },
    });
  });

  it('writes nothing at SILENT', () => {
    const lines: string[] = [];
    new Logger('trailguard', 'silent', (l) => lines.push(l)).error('x');
    expect(lines).toEqual([]);
  });
});

describe('Metrics', () => {
  it('writes one CloudWatch EMF line per flush, summing counts and keeping latencies', () => {
    const lines: string[] = [];
    const metrics = new Metrics(
      'TrailGuard',
      { service: 'trailguard' },
      (l) => lines.push(l),
      () => 1_000,
    );
    metrics.add('TamperEvents');
    metrics.add('TamperEvents');
    metrics.add('RemediationLatency', 420);
    metrics.flush();
    metrics.flush();
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        _aws: {
          Timestamp: 1_000,
          CloudWatchMetrics: [
            {
              Namespace: 'TrailGuard',
              Dimensions: [['service']],
              Metrics: [
                { Name: 'TamperEvents', Unit: 'Count' },
                { Name: 'RemediationLatency', Unit: 'Milliseconds' },
              ],
            },
          ],
        },
        service: 'trailguard',
        TamperEvents: 2,
        RemediationLatency: [420],
      },
    ]);
  });
});
