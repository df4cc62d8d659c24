import { Decompress as ZstdDecompress } from 'fzstd';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Compression } from './format.js';

/**
 * Streams a (possibly compressed) text file as decoded string chunks with bounded memory.
 * Invalid UTF-8 becomes U+FFFD so the caller can locate the bad record by line instead of
 * losing the position to an exception.
 */
export async function* decodedChunks(path: string, compression: Compression): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  for await (const bytes of rawChunks(path, compression)) {
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

async function* rawChunks(path: string, compression: Compression): AsyncGenerator<Uint8Array> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (compression === 'none') {
    yield* file as AsyncIterable<Buffer>;
  } else if (compression === 'gzip') {
    yield* file.pipe(createGunzip()) as AsyncIterable<Buffer>;
  } else {
    yield* zstdChunks(file as AsyncIterable<Buffer>);
  }
}

// Node 20's zlib has no zstd; fzstd is a small, well-used pure-JS streaming decoder.
async function* zstdChunks(source: AsyncIterable<Buffer>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const stream = new ZstdDecompress((chunk) => {
    out.push(chunk);
  });
  for await (const buf of source) {
    stream.push(buf);
    yield* out.splice(0);
  }
  stream.push(new Uint8Array(0), true);
  yield* out.splice(0);
}

/** Splits decoded chunks into lines (without terminators), numbering them from 1. */
export async function* numberedLines(chunks: AsyncIterable<string>): AsyncGenerator<[number, string]> {
  let carry = '';
  let lineNo = 0;
  for await (const chunk of chunks) {
    let text = carry + chunk;
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield [++lineNo, text.slice(start, end)];
      start = nl + 1;
    }
    carry = text.slice(start);
    text = '';
  }
  if (carry.length > 0) yield [++lineNo, carry.endsWith('\r') ? carry.slice(0, -1) : carry];
}
