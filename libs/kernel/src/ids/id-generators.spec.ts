import { randomIds, seededIds, sequentialIds } from './id-generators';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('id generators', () => {
  it('numbers sequential ids from 1 with the prefix', () => {
    const ids = sequentialIds('cn');
    expect([ids.newId(), ids.newId(), ids.newId()]).toEqual(['cn-1', 'cn-2', 'cn-3']);
  });

  it('repeats a seeded sequence exactly, and differs between seeds', () => {
    const a = seededIds(42);
    const b = seededIds(42);
    const first = Array.from({ length: 5 }, () => a.newId());
    expect(Array.from({ length: 5 }, () => b.newId())).toEqual(first);
    expect(seededIds(43).newId()).not.toBe(first[0]);
    expect(new Set(first).size).toBe(5);
    for (const id of first) expect(id).toMatch(UUID_V4);
  });

  it('gives random v4 UUIDs', () => {
    const id = randomIds.newId();
    expect(id).toMatch(UUID_V4);
    expect(randomIds.newId()).not.toBe(id);
  });
});
