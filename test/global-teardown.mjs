export default async function globalTeardown() {
  await globalThis.__HUB_TEST_PG__?.stop();
}
