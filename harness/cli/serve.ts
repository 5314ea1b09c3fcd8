import { startMockKeen } from '../../mock-keen/index.js';

/** Starts the mock in permissive mode and keeps it running until SIGINT or SIGTERM. */
export async function serveCommand(options: { port: number; host: string }): Promise<void> {
  let mock;
  try {
    mock = await startMockKeen({ host: options.host, port: options.port, registry: 'permissive' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE' ? `port ${options.port} is already in use` : (error as Error).message;
    console.error(
      `keen-harness serve: failed to start the mock on ${options.host}:${options.port}: ${reason}`,
    );
    process.exit(2);
  }
  console.log(`Keen mock listening on ${mock.url}`);
  console.log(`  Keen API base:    ${mock.url}/3.0`);
  console.log(`  inspection API:   ${mock.url}/mock/runs/default/records`);
  console.log('Press Ctrl+C to stop.');

  const stop = async () => {
    await mock.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
