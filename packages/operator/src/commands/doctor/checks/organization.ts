import { type CheckSettings, couldNotCheck, type PreflightCheck } from './check';

/** The organization and its root are the ones the configuration names. */
export function organizationCheck(settings: CheckSettings): PreflightCheck {
  const { config, configFile } = settings;
  return {
    id: 'organization',
    title: `Organization ${config.organizationId} with root ${config.organizationRootId}`,
    evaluate: ({ organization, roots }) => {
      if (!organization.ok || !roots?.ok) {
        return couldNotCheck(
          settings,
          !organization.ok ? organization : roots?.ok === false ? roots : undefined,
          'organizations:DescribeOrganization and organizations:ListRoots',
        );
      }
      const rootIds = roots.value.map((r) => r.id);
      const problems: string[] = [];
      const fixes: string[] = [];
      if (organization.value.id !== config.organizationId) {
        problems.push(`the organization is ${organization.value.id}`);
        fixes.push(`organizationId: ${organization.value.id}`);
      }
      if (!rootIds.includes(config.organizationRootId)) {
        problems.push(`its root is ${rootIds.join(', ')}`);
        fixes.push(`organizationRootId: ${rootIds[0] ?? '?'}`);
      }
      return problems.length
        ? { status: 'fail', detail: problems.join('; '), fix: `Set ${fixes.join(' and ')} in ${configFile}.` }
        : { status: 'pass' };
    },
  };
}
