/**
 * Demo data (DESIGN §10): synthetic room intel from a fixed seed, written through the same
 * set-based statements as a push. Rooms in Lanzhou and Xi'an come first; every third room is a
 * small invite-only drug-taking room of about ten, active 21:00–04:00, whose members form one
 * introduction chain; a few rooms tie to narcotics demo cases (case 1 among them) and some
 * handles to demo persons, all in the hub's own namespace (rules.ts). Idempotent: when any room
 * exists, nothing is inserted.
 */
import type { EntityManager } from 'typeorm';

import { MAX_PUSH_ITEMS } from '../../../schema/intel-item.js';
import { databaseId, isSeeded, type SeedProfile, type SeedSummary } from '../../kit/index.js';
import { writeBatch } from '../repositories/push-batch.js';
import { HUB_NAMESPACE } from '../rules.js';

import {
  PLATFORM_NAMES,
  syntheticIntel,
  type RawIntelItem,
  type SyntheticOptions,
} from './synthetic.js';

/** The source every seeded record carries. */
export const SEED_SOURCE = 'hub-seed';

/** Narcotics demo records that exist in both profiles (the narcotics seed makes them). */
const NARCOTICS_DEMO = { caseIds: 60, personIds: 300 };

export const SEED_PROFILES: Readonly<Record<SeedProfile, SyntheticOptions>> = {
  demo: {
    seed: 20250901,
    source: SEED_SOURCE,
    rooms: 60,
    maxHandlesPerRoom: 20,
    observationsPerRoom: [4, 12],
    ...NARCOTICS_DEMO,
  },
  article: {
    seed: 12125,
    source: SEED_SOURCE,
    rooms: 1500,
    maxHandlesPerRoom: 25,
    observationsPerRoom: [5, 15],
    ...NARCOTICS_DEMO,
    // The article narcotics seed's cases (subgraphs/narcotics/seed/scale.ts): `hub seed
    // --profile article` seeds every subgraph with the same profile, so they all exist.
    caseIds: 2400,
  },
};

const TABLES = ['chat_rooms', 'handles', 'introductions', 'observations', 'room_case_links'];

async function write(manager: EntityManager, batch: RawIntelItem[]): Promise<void> {
  // The seed links to the narcotics seed's rows by their database ids (no client ids here).
  const result = await writeBatch(manager, batch, HUB_NAMESPACE, (_type, id) => databaseId(id));
  const error = result.errors[0];
  if (error) {
    const item = batch[error.index];
    throw new Error(`seed item ${item?.kind} ${item?.externalId} refused: ${error.message}`);
  }
}

export async function seedCyber(
  manager: EntityManager,
  profile: SeedProfile,
): Promise<SeedSummary> {
  if (await isSeeded(manager, 'cyber.chat_rooms')) {
    return {};
  }
  const platforms = Object.entries(PLATFORM_NAMES);
  await manager.query(
    `INSERT INTO cyber.platforms (code, name) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (code) DO NOTHING`,
    [platforms.map(([code]) => code), platforms.map(([, name]) => name)],
  );
  let batch: RawIntelItem[] = [];
  for (const item of syntheticIntel(SEED_PROFILES[profile])) {
    batch.push(item);
    if (batch.length === MAX_PUSH_ITEMS) {
      await write(manager, batch);
      batch = [];
    }
  }
  await write(manager, batch);
  const counts = (await manager.query(
    TABLES.map((table) => `SELECT '${table}' AS t, count(*)::int AS n FROM cyber.${table}`).join(
      ' UNION ALL ',
    ),
  )) as { t: string; n: number }[];
  return Object.fromEntries(counts.map(({ t, n }) => [t, n]));
}
