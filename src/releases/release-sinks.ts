import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { once } from 'node:events';
import type { FileSink, ReleaseSink } from './release-builder.js';
import type { ReleaseTransaction } from './releases.repository.js';

/** Files are stored in slices of this size (the last one shorter). */
export const CHUNK_BYTES = 1024 * 1024;

/** Stores a release's files in the database, in the building transaction. */
export class DatabaseSink implements ReleaseSink {
  constructor(
    private readonly tx: ReleaseTransaction,
    private readonly version: string,
  ) {}

  open(name: string): FileSink {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let seq = 0;
    const flush = async (all: boolean) => {
      while (pendingBytes >= CHUNK_BYTES || (all && pendingBytes > 0)) {
        const joined = Buffer.concat(pending);
        const slice = joined.subarray(0, CHUNK_BYTES);
        await this.tx.insertChunk(this.version, name, seq++, Buffer.from(slice));
        const rest = joined.subarray(slice.length);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
      }
    };
    return {
      write: async (bytes) => {
        pending.push(bytes);
        pendingBytes += bytes.length;
        await flush(false);
      },
      end: () => flush(true),
    };
  }
}

/** Writes a release's files into a folder (a rebuild to compare with a download). */
export class FolderSink implements ReleaseSink {
  constructor(private readonly folder: string) {}

  open(name: string): FileSink {
    const file = path.join(this.folder, name);
    let stream: ReturnType<typeof createWriteStream> | undefined;
    const opened = async () => {
      if (!stream) {
        await mkdir(this.folder, { recursive: true });
        stream = createWriteStream(file);
      }
      return stream;
    };
    return {
      write: async (bytes) => {
        const out = await opened();
        if (!out.write(bytes)) await once(out, 'drain');
      },
      end: async () => {
        const out = await opened();
        out.end();
        await once(out, 'finish');
      },
    };
  }
}

/** Keeps nothing: the builder's checksums are the result (a rebuild checked in place). */
export class ChecksumSink implements ReleaseSink {
  open(): FileSink {
    return { write: () => Promise.resolve(), end: () => Promise.resolve() };
  }
}
