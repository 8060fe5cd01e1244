import { v7 } from 'uuid';

/**
 * A new row id: a time-ordered UUID (RFC 9562 version 7). Rows written together get neighbouring
 * ids, so a bulk import appends to the right-hand end of each uuid index instead of touching a
 * random page of it for every row; 74 random bits keep ids unguessable.
 */
export function newId(): string {
  return v7();
}
