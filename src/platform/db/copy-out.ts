// COPY ... TO STDOUT read to the end, in flowing mode, with the driver's connection left readable.
import type { Readable } from 'node:stream';

interface CopyOutQuery {
  readable(): Promise<Readable>;
}

/**
 * Run a `copy ... to stdout` query and pass every chunk to `onChunk` as it comes (flowing mode: the
 * connection's socket is never paused for back-pressure). `onChunk` may throw to stop; the error is
 * rethrown once the COPY has ended, so the connection stays in step.
 *
 * The driver (postgres 3.4) pauses its socket when a chunk is pushed into the stream before anyone
 * listens, and resumes it only from the stream's `read()`. When the whole COPY arrived in that first
 * burst, the stream ends without another `read()`, and the socket stays paused before the messages
 * that end the statement: the query, and the transaction around it, never finish (upstream
 * porsager/postgres#917). Calling the stream's `read()` once it has ended resumes the socket; on a
 * socket that is not paused it does nothing.
 */
export async function readCopyOut(query: CopyOutQuery, onChunk: (chunk: Buffer) => void): Promise<void> {
  const stream = await query.readable();
  let failure: unknown = null;
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        onChunk(chunk);
      } catch (e) {
        failure = e;
      }
    });
    stream.on('end', () => {
      (stream as unknown as { _read(size: number): void })._read(0);
      resolve();
    });
    stream.on('error', reject);
  });
  if (failure) throw failure;
}
