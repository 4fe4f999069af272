import { type CheckSettings, couldNotCheck, type PreflightCheck } from './check';

/** One check per configured target: the OU (or the root) exists, and its name is shown. */
export function organizationalUnitChecks(settings: CheckSettings): PreflightCheck[] {
  return settings.config.organizationalUnits.map((id) =>
    id.startsWith('r-') ? rootCheck(settings, id) : unitCheck(settings, id),
  );
}

function rootCheck(settings: CheckSettings, id: string): PreflightCheck {
  return {
    id: `ou:${id}`,
    title: `Organizational unit ${id} exists`,
    evaluate: ({ roots }) => {
      if (!roots?.ok) return couldNotCheck(settings, roots, 'organizations:ListRoots');
      const root = roots.value.find((r) => r.id === id);
      if (root) return { status: 'pass', detail: `${root.name} (the whole organization)` };
      return {
        status: 'fail',
        detail: 'no such root',
        fix: `Replace ${id} in organizationalUnits of ${settings.configFile} with the root id \`aws organizations list-roots\` prints.`,
      };
    },
  };
}

function unitCheck(settings: CheckSettings, id: string): PreflightCheck {
  const { config, configFile } = settings;
  return {
    id: `ou:${id}`,
    title: `Organizational unit ${id} exists`,
    evaluate: ({ units }) => {
      const unit = units?.[id];
      if (!unit?.ok) return couldNotCheck(settings, unit, 'organizations:DescribeOrganizationalUnit');
      if (unit.value !== undefined) return { status: 'pass', detail: unit.value };
      return {
        status: 'fail',
        detail: `no such OU in ${config.organizationId}`,
        fix:
          `Correct organizationalUnits in ${configFile}; list the OUs with ` +
          `\`aws organizations list-organizational-units-for-parent --parent-id ${config.organizationRootId}\`.`,
      };
    },
  };
}
