import { type CheckSettings, couldNotCheck, type PreflightCheck } from './check';

const ENABLED_REGION = new Set(['opt-in-not-required', 'opted-in']);

/** Every configured region is enabled in the caller's account (opt-in regions are off by default). */
export function regionsCheck(settings: CheckSettings): PreflightCheck {
  const { regions } = settings.config;
  return {
    id: 'regions',
    title: `Regions enabled: ${regions.join(', ')}`,
    evaluate: ({ caller, regionStatus }) => {
      if (!regionStatus?.ok) return couldNotCheck(settings, regionStatus, 'ec2:DescribeRegions');
      const disabled = regions.filter((r) => !ENABLED_REGION.has(regionStatus.value[r] ?? 'not-opted-in'));
      if (disabled.length === 0) return { status: 'pass', detail: `in account ${caller.value.account}` };
      return {
        status: 'fail',
        detail: `not enabled in account ${caller.value.account}: ${disabled.join(', ')}`,
        fix:
          `${disabled.map((r) => `\`aws account enable-region --region-name ${r}\``).join(' and ')} ` +
          '(or Account console → AWS Regions → Enable); member accounts must enable opt-in regions too.',
      };
    },
  };
}
