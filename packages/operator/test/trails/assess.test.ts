import { assessTrails, type TrailFact, type TrailPair } from '../../src/trails';

describe('assessTrails', () => {
  const trail = (overrides: Partial<TrailFact>): TrailFact => ({
    name: 't',
    arn: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/t',
    account: '111111111111',
    homeRegion: 'eu-west-1',
    isOrganizationTrail: false,
    isMultiRegionTrail: false,
    logging: true,
    ...overrides,
  });
  const pairs: TrailPair[] = ['eu-west-1', 'us-east-1'].map((region) => ({
    account: '222222222222',
    name: 'app',
    region,
    trailguard: 'protected',
  }));

  it('counts a stopped organization trail as recording nothing, and says so when the own trails could not be read', () => {
    const report = assessTrails(
      pairs,
      {
        ok: true,
        value: [trail({ name: 'org', isOrganizationTrail: true, isMultiRegionTrail: true, logging: false })],
      },
      new Map([['222222222222', { ok: false, error: 'AccessDenied: not authorized to assume' }]]),
      [],
    );
    expect(report.rows.map((r) => r.recordedBy)).toEqual([
      { kind: 'unknown', reason: 'could not read: AccessDenied: not authorized to assume' },
      { kind: 'unknown', reason: 'could not read: AccessDenied: not authorized to assume' },
    ]);
  });

  it('keeps going when the organization trails could not be read, and reports why', () => {
    const report = assessTrails(pairs, { ok: false, error: 'AccessDeniedException: no' }, undefined, []);
    expect(report.organizationTrailsError).toBe('AccessDeniedException: no');
    expect(report.summary).toEqual({ pairs: 2, organization: 0, own: 0, none: 0, unknown: 2 });
  });
});
