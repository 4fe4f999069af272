import {
  excludedManagementSources,
  RESTORED_SELECTOR_NAME,
  recordsManagementEvents,
  restoreManagementEvents,
  type SelectorSet,
} from '../src/domain/selectors';

const s3Data = { Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::payroll-exports/'] };
const dataOnlyAdvanced = {
  Name: 'S3 writes',
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
  ],
};

describe('recordsManagementEvents', () => {
  it.each<[string, SelectorSet, boolean]>([
    [
      'the default basic selector',
      { basic: [{ ReadWriteType: 'All', IncludeManagementEvents: true }], advanced: [] },
      true,
    ],
    ['a basic selector with defaults omitted', { basic: [{}], advanced: [] }, true],
    [
      'write-only management events',
      { basic: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }], advanced: [] },
      false,
    ],
    [
      'read-only plus write-only selectors',
      {
        basic: [
          { ReadWriteType: 'ReadOnly', IncludeManagementEvents: true },
          { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true },
        ],
        advanced: [],
      },
      true,
    ],
    [
      'data events only (basic)',
      {
        basic: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [s3Data] }],
        advanced: [],
      },
      false,
    ],
    ['no selectors at all', { basic: [], advanced: [] }, false],
    ['data events only (advanced)', { basic: [], advanced: [dataOnlyAdvanced] }, false],
    [
      'an unrestricted management selector (advanced)',
      {
        basic: [],
        advanced: [
          { Name: 'm', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
          dataOnlyAdvanced,
        ],
      },
      true,
    ],
    [
      'a management selector restricted to writes (advanced)',
      {
        basic: [],
        advanced: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'readOnly', Equals: ['false'] },
            ],
          },
        ],
      },
      false,
    ],
    [
      'all management events but KMS (ExcludeManagementEventSources, basic)',
      {
        basic: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: true,
            ExcludeManagementEventSources: ['kms.amazonaws.com'],
          },
        ],
        advanced: [],
      },
      false,
    ],
    [
      'an exclusion in one selector, another selector recording every management event',
      {
        basic: [
          { ReadWriteType: 'All', ExcludeManagementEventSources: ['rdsdata.amazonaws.com'] },
          { ReadWriteType: 'All', ExcludeManagementEventSources: [] },
        ],
        advanced: [],
      },
      true,
    ],
    [
      'all management events but KMS (eventSource NotEquals, advanced)',
      {
        basic: [],
        advanced: [
          {
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Management'] },
              { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] },
            ],
          },
        ],
      },
      false,
    ],
  ])('%s → %s', (_label, selectors, expected) => {
    expect(recordsManagementEvents(selectors)).toBe(expected);
  });
});

describe('excludedManagementSources', () => {
  it('names the sources whose management events basic selectors exclude, once each', () => {
    expect(
      excludedManagementSources({
        basic: [
          { ExcludeManagementEventSources: ['kms.amazonaws.com'] },
          { ExcludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] },
        ],
        advanced: [],
      }),
    ).toEqual(['kms.amazonaws.com', 'rdsdata.amazonaws.com']);
  });
});

describe('restoreManagementEvents', () => {
  it('adds an unrestricted management selector and keeps every advanced data selector', () => {
    const restored = restoreManagementEvents({ basic: [], advanced: [dataOnlyAdvanced] });
    expect(restored.advanced).toEqual([
      dataOnlyAdvanced,
      { Name: RESTORED_SELECTOR_NAME, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
    ]);
    expect(recordsManagementEvents(restored)).toBe(true);
  });

  it('adds a management selector beside basic data selectors, leaving their read/write type alone', () => {
    const data = { ReadWriteType: 'WriteOnly', IncludeManagementEvents: false, DataResources: [s3Data] };
    const restored = restoreManagementEvents({ basic: [data], advanced: [] });
    expect(restored.basic).toEqual([
      data,
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] },
    ]);
    expect(recordsManagementEvents(restored)).toBe(true);
  });

  it('widens a plain write-only selector to all management events', () => {
    const restored = restoreManagementEvents({
      basic: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [] }],
      advanced: [],
    });
    expect(restored.basic).toEqual([
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] },
    ]);
  });

  it('records KMS and RDS Data API management events again: the exclusions go', () => {
    const restored = restoreManagementEvents({
      basic: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [],
          ExcludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'],
        },
      ],
      advanced: [],
    });
    expect(restored.basic).toEqual([
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] },
    ]);
    expect(recordsManagementEvents(restored)).toBe(true);
  });

  it('turns management events on in the first selector when five selectors are taken', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({
      ReadWriteType: 'All',
      IncludeManagementEvents: false,
      DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::b${i}/`] }],
      ExcludeManagementEventSources: ['kms.amazonaws.com'],
    }));
    const restored = restoreManagementEvents({ basic: five, advanced: [] });
    expect(restored.basic).toHaveLength(5);
    expect(restored.basic[0]).toMatchObject({
      IncludeManagementEvents: true,
      ReadWriteType: 'All',
      DataResources: five[0]?.DataResources,
    });
    expect(restored.basic[0]).not.toHaveProperty('ExcludeManagementEventSources');
    expect(recordsManagementEvents(restored)).toBe(true);
    expect(five[0]?.IncludeManagementEvents).toBe(false);
  });
});
