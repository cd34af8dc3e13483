/**
 * Loads a command's implementation when it runs: serve, demo, publish and simulate pull in Nest,
 * chDB, NATS and every module, a second of CPU that commands which only talk HTTP should not pay.
 */
export function load<T>(modulePath: string): T {
  // Paths are relative to this file (apps/hourglass/src), wherever the caller is.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(modulePath) as T;
}
