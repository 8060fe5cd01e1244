import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { SigningKeyNotFound, SigningKeyUnusable } from './releases.errors.js';
import { ReleasesRepository } from './releases.repository.js';

export interface SigningKey {
  /** The first 16 hex digits of the SHA-256 of the public key (DER, SubjectPublicKeyInfo). */
  id: string;
  publicKeyPem: string;
  privateKey: KeyObject;
}

function publicPem(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

export function keyId(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** An Ed25519 signature of the bytes (64 bytes; Ed25519 signs the message itself, no digest). */
export function signBytes(key: SigningKey, bytes: Buffer): Buffer {
  return sign(null, bytes, key.privateKey);
}

/**
 * The Ed25519 key that signs releases: the PEM file named by RELEASE_SIGNING_KEY_FILE, or else a
 * key the service generates once and keeps in the database (so every replica signs with it).
 * Every key's public half is recorded, so releases signed by an earlier key stay verifiable.
 */
@Injectable()
export class ReleaseSigning {
  private current?: Promise<SigningKey>;

  constructor(
    private readonly releases: ReleasesRepository,
    private readonly config: AppConfig,
  ) {}

  signingKey(): Promise<SigningKey> {
    this.current ??= this.load().catch((error) => {
      this.current = undefined;
      throw error;
    });
    return this.current;
  }

  /** The public key (PEM) of a key that signed a release. */
  async publicKey(id: string): Promise<string> {
    const key = /^[0-9a-f]{16}$/.test(id) ? await this.releases.key(id) : undefined;
    if (!key) throw new SigningKeyNotFound(id);
    return key.publicKeyPem;
  }

  private async load(): Promise<SigningKey> {
    if (this.config.releaseSigningKeyFile) {
      const file = this.config.releaseSigningKeyFile;
      let privateKey: KeyObject;
      try {
        privateKey = createPrivateKey(await readFile(file));
      } catch (error) {
        throw new SigningKeyUnusable(
          `${file} cannot be read as a PEM private key: ${String(error)}`,
        );
      }
      if (privateKey.asymmetricKeyType !== 'ed25519')
        throw new SigningKeyUnusable(
          `${file} holds a ${privateKey.asymmetricKeyType} key, not Ed25519`,
        );
      const publicKeyPem = publicPem(privateKey);
      const id = keyId(publicKeyPem);
      await this.releases.insertKey({ id, publicKeyPem, privateKeyPem: null });
      return { id, publicKeyPem, privateKey };
    }
    let stored = await this.releases.generatedKey();
    if (!stored) {
      const { privateKey } = generateKeyPairSync('ed25519');
      const publicKeyPem = publicPem(privateKey);
      await this.releases.insertKey({
        id: keyId(publicKeyPem),
        publicKeyPem,
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      });
      // Another replica may have generated one first: the stored key is the one.
      stored = (await this.releases.generatedKey())!;
    }
    return {
      id: stored.id,
      publicKeyPem: stored.publicKeyPem,
      privateKey: createPrivateKey(stored.privateKeyPem!),
    };
  }
}
