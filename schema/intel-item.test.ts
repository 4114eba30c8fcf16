/* The rules of one pushed item, without a database: what passes, and what each refusal says. */
import { checkRoomIntelItem } from './intel-item.js';

const room = {
  kind: 'ROOM',
  source: 'gs-cyber',
  externalId: 'room-1',
  room: {
    platform: ' NightOwl ',
    externalRoomId: '8848',
    title: ' Ice Garden ',
    city: 'Lanzhou',
    capacity: 12,
    memberCount: 10,
    activeFrom: '21:00',
    activeTo: '04:00',
    firstSeen: '2026-01-01T13:00:00+08:00',
  },
};

const introduction = {
  kind: 'INTRODUCTION',
  source: 'gs-cyber',
  externalId: 'intro-1',
  introduction: {
    introducer: 'h-1',
    newcomer: 'h-2',
    newcomerSource: 'xa-cyber',
    at: new Date('2026-01-02T00:00:00Z'),
  },
};

function refusal(value: unknown): string {
  const checked = checkRoomIntelItem(value);
  if (checked.ok) {
    throw new Error('expected a refusal');
  }
  return checked.message;
}

const withRoom = (change: object) => ({ ...room, room: { ...room.room, ...change } });

describe('checkRoomIntelItem', () => {
  it('normalizes a room: trimmed text, lower-case platform, defaults', () => {
    expect(checkRoomIntelItem(room)).toEqual({
      ok: true,
      item: {
        kind: 'ROOM',
        source: 'gs-cyber',
        externalId: 'room-1',
        platform: 'nightowl',
        externalRoomId: '8848',
        title: 'Ice Garden',
        city: 'Lanzhou',
        capacity: 12,
        memberCount: 10,
        activeFrom: '21:00',
        activeTo: '04:00',
        inviteOnly: false,
        firstSeen: new Date('2026-01-01T05:00:00Z'),
        lastSeen: new Date('2026-01-01T05:00:00Z'),
      },
    });
  });

  it('reads references with their own source or the item’s', () => {
    const checked = checkRoomIntelItem(introduction);
    expect(checked.ok && checked.item).toMatchObject({
      introducer: { source: 'gs-cyber', externalId: 'h-1' },
      newcomer: { source: 'xa-cyber', externalId: 'h-2' },
      room: null,
    });
  });

  it.each([
    [
      { ...room, kind: 'ROOMS' },
      'kind: must be one of ROOM, HANDLE, INTRODUCTION, OBSERVATION, CASE_LINK',
    ],
    [{ ...room, source: 'has space' }, 'source: must be 1–64 letters, digits or . _ : -'],
    [{ ...room, externalId: '  ' }, 'externalId: must not be blank'],
    [{ ...room, externalId: 'x'.repeat(129) }, 'externalId: must be at most 128 characters'],
    [{ ...room, extra: 1 }, 'unknown field extra'],
    [{ ...room, room: undefined }, 'room: is required when kind is ROOM'],
    [{ ...room, handle: {} }, 'handle: must not be set when kind is ROOM'],
    [withRoom({ memberCount: 13 }), 'room.memberCount: must not exceed capacity'],
    [withRoom({ memberCount: 1.5 }), 'room.memberCount: must be an integer'],
    [withRoom({ capacity: 0 }), 'room.capacity: must be at least 1'],
    [withRoom({ activeTo: '24:00' }), 'room.activeTo: must be a time of day HH:MM'],
    [withRoom({ activeTo: null }), 'room.activeTo: activeFrom and activeTo go together'],
    [withRoom({ platform: 'no spaces' }), 'room.platform: must be a platform code'],
    [withRoom({ title: 'a\u0000b' }), 'room.title: must not contain control characters'],
    [withRoom({ firstSeen: '2026-01-01' }), 'room.firstSeen: must be an RFC 3339 date-time'],
    [
      withRoom({ firstSeen: '1999-12-31T23:59:59Z' }),
      'room.firstSeen: must be between 2000 and now',
    ],
    [withRoom({ lastSeen: '2025-12-31T00:00:00Z' }), 'room.lastSeen: must not be before firstSeen'],
    [withRoom({ colour: 'red' }), 'room: unknown field colour'],
    [
      { ...introduction, introduction: { ...introduction.introduction, newcomer: 7 } },
      'introduction.newcomer: must be a string',
    ],
    [
      { ...introduction, introduction: { ...introduction.introduction, roomSource: 'x y' } },
      'introduction.room: is required with roomSource',
    ],
    [
      { kind: 'CASE_LINK', source: 's', externalId: 'l', caseLink: { room: 'r', caseId: '  ' } },
      'caseLink.caseId: must be the id of a Case',
    ],
    [
      { kind: 'CASE_LINK', source: 's', externalId: 'l', caseLink: { room: 'r', caseId: 7 } },
      'caseLink.caseId: must be the id of a Case',
    ],
    [
      {
        kind: 'CASE_LINK',
        source: 's',
        externalId: 'l',
        caseLink: { room: 'r', caseId: 'x'.repeat(65) },
      },
      'caseLink.caseId: must be the id of a Case',
    ],
    [
      {
        kind: 'HANDLE',
        source: 's',
        externalId: 'h',
        handle: { room: 'r', handle: 'x', personId: 1.5 },
      },
      'handle.personId: must be the id of a Person',
    ],
    [
      {
        kind: 'HANDLE',
        source: 's',
        externalId: 'h',
        handle: { room: 'r', handle: 'x', personId: 5 },
      },
      'handle.personId: must be the id of a Person',
    ],
    ['a string', 'must be an object'],
    [[room], 'must be an object'],
  ])('refuses %j: %s', (value, message) => {
    expect(refusal(value)).toBe(message);
  });

  it('keeps the ids of persons and cases as clients send them (trimmed), for the writer to resolve', () => {
    const handle = checkRoomIntelItem({
      kind: 'HANDLE',
      source: 's',
      externalId: 'h',
      handle: { room: 'r', handle: 'x', personId: ' qZy1BRMWaKV4dY53i3cnhQ ' },
    });
    expect(handle.ok && handle.item).toMatchObject({ personId: 'qZy1BRMWaKV4dY53i3cnhQ' });
    const link = checkRoomIntelItem({
      kind: 'CASE_LINK',
      source: 's',
      externalId: 'l',
      caseLink: { room: 'r', caseId: 'FMCkXoeS_jpAacGvFNoWWA' },
    });
    expect(link.ok && link.item).toMatchObject({ caseId: 'FMCkXoeS_jpAacGvFNoWWA' });
  });

  it('refuses a bad observation kind or hash, and takes an upper-case hash', () => {
    const observation = {
      kind: 'OBSERVATION',
      source: 's',
      externalId: 'o',
      observation: {
        room: 'r',
        at: '2026-01-01T00:00:00Z',
        kind: 'SALE_OFFER',
        summary: 'offer',
        evidenceHash: 'AB'.repeat(32),
        reportingOfficer: 'CY-0001',
      },
    };
    const checked = checkRoomIntelItem(observation);
    expect(checked.ok && checked.item).toMatchObject({ evidenceHash: 'ab'.repeat(32) });
    expect(
      refusal({ ...observation, observation: { ...observation.observation, kind: 'X' } }),
    ).toMatch(/^observation\.kind: must be one of LIVE_DRUG_USE/);
    expect(
      refusal({ ...observation, observation: { ...observation.observation, evidenceHash: 'abc' } }),
    ).toBe('observation.evidenceHash: must be a SHA-256 hex digest (64 hex digits)');
  });
});
