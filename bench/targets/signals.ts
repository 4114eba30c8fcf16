/** How every benchmark target stops: on SIGTERM or SIGINT, cleanly (so --cpu-prof is written). */
export function stopOnSignal(stop: () => Promise<void>): void {
  const handler = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
