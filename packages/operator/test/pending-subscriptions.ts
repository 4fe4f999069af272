/**
 * A client decoration (AwsSettings.decorate) under which SNS lists `address`'s subscriptions as
 * PendingConfirmation, as it does until the recipient confirms. moto confirms every subscription
 * at once and never lists one as pending; `fail` makes the listing fail instead.
 */
export function pendingFor(address: string, fail?: () => Error) {
  return (client: { readonly middlewareStack: unknown }) => {
    type Listed = { output: { Subscriptions?: { Endpoint?: string; SubscriptionArn?: string }[] } };
    (client.middlewareStack as { add: (middleware: unknown, options: object) => void }).add(
      (next: (args: unknown) => Promise<Listed>, context: { commandName?: string }) =>
        async (args: unknown) => {
          if (context.commandName !== 'ListSubscriptionsByTopicCommand') return next(args);
          if (fail) throw fail();
          const result = await next(args);
          for (const s of result.output.Subscriptions ?? [])
            if (s.Endpoint === address) s.SubscriptionArn = 'PendingConfirmation';
          return result;
        },
      { step: 'initialize', name: 'pendingConfirmation' },
    );
  };
}
