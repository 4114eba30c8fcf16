/**
 * Remembers ids until they expire, so each is accepted once (the internal context's `jti`).
 * Memory stays bounded by traffic × token lifetime: expired ids are dropped as time passes.
 * Per process: a replica does not see ids another replica took — each token is also bound to
 * one subgraph, one body and a few seconds, so a replay elsewhere repeats the very request the
 * gateway made and nothing more.
 */
export class OnceOnly {
  private readonly expiries = new Map<string, number>();
  private nextSweep = 0;

  /** True the first time `id` is claimed before `expiresAt` (epoch ms); false afterwards. */
  claim(id: string, expiresAt: number, now: number = Date.now()): boolean {
    if (now >= this.nextSweep) {
      for (const [seen, expiry] of this.expiries) {
        if (expiry <= now) {
          this.expiries.delete(seen);
        }
      }
      this.nextSweep = now + 1_000;
    }
    if (this.expiries.has(id)) {
      return false;
    }
    this.expiries.set(id, expiresAt);
    return true;
  }
}
