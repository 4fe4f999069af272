/**
 * A client decoration (AwsSettings.decorate) under which SNS lists the subscriptions of `addresses` as
 * PendingConfirmation, as it does until the recipient confirms. moto confirms every subscription
 * at once and never lists one as pending; `fail` makes the listing fail instead.
 */
export function pendingFor(addresses: string | readonly string[], fail?: () => Error) {
  const pending = new Set([addresses].flat());
  return (client: { readonly middlewareStack: unknown }) => {
    type Listed = { output: { Subscriptions?: { Endpoint?: string; SubscriptionArn?: string }[] } };
    (client.middlewareStack as { add: (middleware: unknown, options: object) => void }).add(
      (next: (args: unknown) => Promise<Listed>, context: { commandName?: string }) =>
        async (args: unknown) => {
          if (context.commandName !== 'ListSubscriptionsByTopicCommand') return next(args);
          if (fail) throw fail();
          const result = await next(args);
          for (const s of result.output.Subscriptions ?? [])
            if (pending.has(s.Endpoint ?? '')) s.SubscriptionArn = 'PendingConfirmation';
          return result;
        },
      { step: 'initialize', name: 'pendingConfirmation' },
    );
  };
}
