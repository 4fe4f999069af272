// Placeholder until issue 3 lands the remediation handler.
export async function handler(_event: unknown, _context: unknown): Promise<void> {
  throw new Error('the TrailGuard handler is not built yet');
}
