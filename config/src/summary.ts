import type { TrailGuardConfig } from './schema';

/** A few lines that tell a person what a valid configuration will protect and how. */
export function summarizeConfig(config: TrailGuardConfig): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    `Organization ${config.organizationId} (root ${config.organizationRootId}), deployed from management account ${config.managementAccountId}`,
    `Central topic and event bus: account ${config.securityAccountId}, ${config.homeRegion}; ${plural(config.notificationEmails.length, 'e-mail subscription')}`,
    `Protected: ${plural(config.organizationalUnits.length, 'OU')} (${config.organizationalUnits.join(', ')}) × ${plural(config.regions.length, 'region')} (${config.regions.join(', ')}), plus the management account`,
    `Excluded accounts: ${config.excludedAccounts.length === 0 ? 'none' : config.excludedAccounts.join(', ')}`,
    `Response: ${config.remediationMode}; ${plural(config.exemptPrincipals.length, 'exempt principal')}; sweep every ${plural(config.sweepIntervalMinutes, 'minute')}`,
    `Prevention SCP: ${config.prevention.enabled ? `on (${plural(config.prevention.breakGlassPrincipals.length, 'break-glass principal')})` : 'off'}`,
    `Incidents: e-mail (${routing(config)}), the central bus${config.securityHub.enabled ? ', Security Hub findings' : ''}${chatLine(config)}`,
  ].join('\n');
}

function chatLine(config: TrailGuardConfig): string {
  const chat = config.chat;
  if (!chat) return '';
  const where = [chat.slack && 'Slack', chat.microsoftTeams && 'Microsoft Teams']
    .filter(Boolean)
    .join(' and ');
  return `, ${where} (${chat.minimumSeverity} and above)`;
}

function routing(config: TrailGuardConfig): string {
  const filtered = config.notificationEmails.filter((r) => r.minimumSeverity);
  if (filtered.length === 0) return 'every severity to every address';
  return filtered.map((r) => `${r.address} gets ${r.minimumSeverity} and above`).join(', ');
}
