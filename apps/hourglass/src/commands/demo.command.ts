export async function demoCommand(_options: { days: number; customers: number; json?: boolean }): Promise<void> {
  throw new Error('demo: not wired yet');
}
