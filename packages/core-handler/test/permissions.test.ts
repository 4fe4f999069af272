import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANDLER_PERMISSIONS } from '../src/domain/permissions';

const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  '@aws-sdk/client-cloudtrail': 'cloudtrail',
  '@aws-sdk/client-sns': 'sns',
  '@aws-sdk/client-kms': 'kms',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/client-eventbridge': 'events',
  '@aws-sdk/client-securityhub': 'securityhub',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The IAM action of every SDK command the handler's source sends (`new XxxCommand(`). */
function actionsSent(): Set<string> {
  const actions = new Set<string>();
  for (const file of sourceFiles(join(__dirname, '..', 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const [, names, from] of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/[^']+)'/g)) {
      const commands = (names as string).match(/\b\w+Command\b/g) ?? [];
      for (const command of commands) {
        if (!new RegExp(`new ${command}\\(`).test(text)) continue;
        const prefix = SERVICE_PREFIX[from as string];
        if (!prefix)
          throw new Error(`${file} sends ${command} from ${from}, whose IAM prefix this test does not know`);
        actions.add(`${prefix}:${command.replace(/Command$/, '')}`);
      }
    }
  }
  return actions;
}

describe('HANDLER_PERMISSIONS', () => {
  const granted = new Set<string>(Object.values(HANDLER_PERMISSIONS).flat());
  const sent = actionsSent();

  it('finds the commands the handler sends', () => {
    expect(sent).toContain('cloudtrail:StartLogging');
    expect(sent).toContain('sns:Publish');
  });

  it('lists every IAM action the handler calls', () => {
    expect([...sent].filter((action) => !granted.has(action))).toEqual([]);
  });

  it('lists nothing the handler does not call (least privilege), apart from the topic key SNS uses', () => {
    const viaSns = new Set<string>(HANDLER_PERMISSIONS.topicKey);
    const unused = [...granted].filter((action) => !sent.has(action) && !viaSns.has(action));
    expect(unused).toEqual([]);
  });
});
