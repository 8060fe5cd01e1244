import { createHash, randomBytes } from 'node:crypto';

/** Keys read `itk_<8 hex>_<43 base64url>`: a visible prefix, then 256 random bits. */
const KEY = /^(itk_[0-9a-f]{8})_[A-Za-z0-9_-]{43}$/;

export interface NewKey {
  key: string;
  prefix: string;
  hash: Buffer;
}

export function generateKey(): NewKey {
  const prefix = `itk_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashKey(key) };
}

/** SHA-256 suffices: the key is random, so there is nothing to guess a slow hash would protect. */
export const hashKey = (key: string): Buffer => createHash('sha256').update(key).digest();

export const looksLikeKey = (key: string): boolean => KEY.test(key);
