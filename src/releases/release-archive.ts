import type { Readable, Writable } from 'node:stream';
import { pack } from 'tar-stream';
import type { ReleaseFileRow } from './releases.repository.js';

const BLOCK = 512;

/** The exact size of the archive `releaseArchive` writes: a header and padded content per file. */
export function archiveSize(files: readonly ReleaseFileRow[]): number {
  return (
    files.reduce((sum, file) => sum + BLOCK + Math.ceil(file.size / BLOCK) * BLOCK, 0) + 2 * BLOCK
  );
}

/**
 * The whole release as one tar archive (a folder named after the version), streamed from the
 * stored slices. Every header field is fixed (owner root, mode 0644, the revision's time), so the
 * archive of a release is always the same bytes.
 */
export function releaseArchive(
  version: string,
  files: readonly ReleaseFileRow[],
  mtime: Date,
  slices: (name: string) => AsyncIterable<Buffer>,
): Readable {
  const archive = pack();
  void (async () => {
    for (const file of files) {
      await new Promise<void>((resolve, reject) => {
        const header = {
          name: `${version}/${file.name}`,
          size: file.size,
          mtime,
          mode: 0o644,
          uid: 0,
          gid: 0,
          uname: 'root',
          gname: 'root',
          type: 'file' as const,
        };
        // The entry is a writable stream (streamx); typed here as Node's.
        const entry = archive.entry(header, (error) =>
          error ? reject(error) : resolve(),
        ) as unknown as Writable;
        void (async () => {
          for await (const slice of slices(file.name)) {
            if (!entry.write(slice)) await new Promise((done) => entry.once('drain', done));
          }
          entry.end();
        })().catch(reject);
      });
    }
    archive.finalize();
  })().catch((error: Error) => archive.destroy(error));
  return archive as unknown as Readable;
}
