import { MAX_GROUPS, MISSING_GROUP } from '../bias-analysis.constants.js';
import type { GroupCounts } from '../metrics/fairness-metrics.js';
import { DataError } from './data-error.js';

/** Distinct values of one attribute → dense ids, keyed by their raw UTF-8 bytes (no string per row). */
export class ByteDictionary {
  readonly names: string[] = [];
  private keys: Buffer[] = [];
  private hashes = new Int32Array(0);
  private slots = new Int32Array(64).fill(-1);
  private readonly missingBytes = Buffer.from(MISSING_GROUP, 'utf8');

  constructor(private readonly attribute: string) {}

  idOf(buf: Buffer, start: number, end: number): number {
    if (start === end) return this.idOf(this.missingBytes, 0, this.missingBytes.length);
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot];
      if (id === -1) return this.insert(slot, hash, buf, start, end);
      if (this.hashes[id] === hash && this.equals(this.keys[id], buf, start, end)) return id;
    }
  }

  private equals(key: Buffer, buf: Buffer, start: number, end: number): boolean {
    if (key.length !== end - start) return false;
    for (let i = 0; i < key.length; i++) if (key[i] !== buf[start + i]) return false;
    return true;
  }

  private insert(slot: number, hash: number, buf: Buffer, start: number, end: number): number {
    const id = this.keys.length;
    if (id >= MAX_GROUPS) throw tooManyGroups(this.attribute);
    this.keys.push(Buffer.from(buf.subarray(start, end)));
    this.names.push(buf.toString('utf8', start, end));
    if (this.hashes.length <= id) {
      const grown = new Int32Array(Math.max(16, id * 2));
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = hash;
    this.slots[slot] = id;
    if (this.keys.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    this.keys.forEach((_, id) => {
      let slot = this.hashes[id] & mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
      this.slots[slot] = id;
    });
  }
}

/** The same for values that are already strings (JSON records). */
export class StringDictionary {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  constructor(private readonly attribute: string) {}

  idOf(value: string): number {
    const name = value === '' ? MISSING_GROUP : value;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      if (id >= MAX_GROUPS) throw tooManyGroups(this.attribute);
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
}

function tooManyGroups(attribute: string): DataError {
  return new DataError(`protected attribute '${attribute}' has more than ${MAX_GROUPS} distinct values`);
}

/** Confusion counts per group of one attribute or intersection, four cells per group. */
class CountTable {
  counts = new Float64Array(64);

  add(group: number, cell: number): void {
    const index = group * 4 + cell;
    if (index >= this.counts.length) {
      const grown = new Float64Array(Math.max(this.counts.length * 2, index + 4));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[index]++;
  }

  group(id: number): GroupCounts {
    const c = this.counts;
    // Cell = actual * 2 + predicted.
    return { tn: c[id * 4], fp: c[id * 4 + 1], fn: c[id * 4 + 2], tp: c[id * 4 + 3] };
  }
}

export interface GroupingResult {
  /** "race" or "race+sex". */
  name: string;
  attributes: string[];
  groups: Array<{ values: string[]; counts: GroupCounts }>;
}

/**
 * Per attribute and per intersection, the confusion counts of every group, built in one pass.
 * Memory grows with the number of groups, never with the number of rows.
 */
export class GroupCounter {
  private readonly attributeTables: CountTable[];
  private readonly intersectionTables: CountTable[];
  /** Per intersection: (combined id so far × MAX_GROUPS + next attribute id) → dense id, per step. */
  private readonly intersectionSteps: Array<Array<Map<number, number>>>;
  private readonly intersectionMembers: Array<Array<number[]>>;
  rows = 0;

  constructor(
    readonly attributes: readonly string[],
    /** Each intersection as indexes into `attributes`. */
    readonly intersections: ReadonlyArray<readonly number[]>,
  ) {
    this.attributeTables = attributes.map(() => new CountTable());
    this.intersectionTables = intersections.map(() => new CountTable());
    this.intersectionSteps = intersections.map((members) => members.slice(1).map(() => new Map<number, number>()));
    this.intersectionMembers = intersections.map(() => []);
  }

  /** One row: `cell` = actual × 2 + predicted; `ids` = the row's group id per attribute. */
  add(cell: number, ids: Int32Array): void {
    this.rows++;
    for (let a = 0; a < ids.length; a++) this.attributeTables[a].add(ids[a], cell);
    for (let x = 0; x < this.intersections.length; x++) {
      const members = this.intersections[x];
      const steps = this.intersectionSteps[x];
      let combined = ids[members[0]];
      for (let s = 0; s < steps.length; s++) {
        const key = combined * MAX_GROUPS + ids[members[s + 1]];
        let next = steps[s].get(key);
        if (next === undefined) {
          next = steps[s].size;
          if (next >= MAX_GROUPS) throw tooManyGroups(members.map((m) => this.attributes[m]).join('+'));
          steps[s].set(key, next);
          if (s === steps.length - 1) this.intersectionMembers[x][next] = members.map((m) => ids[m]);
        }
        combined = next;
      }
      this.intersectionTables[x].add(combined, cell);
    }
  }

  /** Groups in order of first appearance; `names[a][id]` names attribute a's group id. */
  result(names: ReadonlyArray<readonly string[]>): GroupingResult[] {
    const single = this.attributes.map((attribute, a) => ({
      name: attribute,
      attributes: [attribute],
      groups: names[a].map((value, id) => ({ values: [value], counts: this.attributeTables[a].group(id) })),
    }));
    const crossed = this.intersections.map((members, x) => ({
      name: members.map((m) => this.attributes[m]).join('+'),
      attributes: members.map((m) => this.attributes[m]),
      groups: this.intersectionMembers[x].map((ids, id) => ({
        values: ids.map((groupId, i) => names[members[i]][groupId]),
        counts: this.intersectionTables[x].group(id),
      })),
    }));
    return [...single, ...crossed];
  }
}
