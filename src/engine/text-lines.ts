import { isUtf8 } from 'node:buffer';

/** One input line: its text, or why it cannot be read (never its content). */
export interface TextLine {
  /** 1-based line number in the input. */
  number: number;
  text: string;
  issue?: string;
}

/**
 * The lines of a batch of whole lines (`first`: the number of its first line). Each line is checked
 * as UTF-8 on its own, so invalid UTF-8 is reported with its line (a legitimate U+FFFD in the text
 * is not mistaken for it). A byte order mark at a line's start and a CR before its newline are not
 * part of the text.
 */
export function splitLines(bytes: Uint8Array, first: number): TextLine[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lines: TextLine[] = [];
  let number = first;
  for (let from = 0; from < buffer.length; number++) {
    const nl = buffer.indexOf(10, from);
    const end = nl === -1 ? buffer.length : nl;
    lines.push(decodeLine(buffer.subarray(from, end), number));
    from = end + 1;
  }
  return lines;
}

function decodeLine(bytes: Buffer, number: number): TextLine {
  let from = 0;
  let to = bytes.length;
  if (to >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) from = 3;
  if (to > from && bytes[to - 1] === 13) to--;
  const body = bytes.subarray(from, to);
  if (!isUtf8(body)) return { number, text: '', issue: 'invalid UTF-8' };
  return { number, text: body.toString('utf8') };
}

/**
 * A unit of work cut from the input: whole lines as bytes (their first line's number), or one
 * line too long to read, already skipped.
 */
export type LineBatch = { bytes: Uint8Array; first: number } | { tooLong: number };

/**
 * Cuts a byte stream into batches of whole lines of about `batchBytes` without decoding them, so
 * the thread reading the input does little and workers split and decode. Memory stays bounded:
 * a line longer than `maxBytes` is dropped while it is read and reported as its own batch.
 */
export class LineBatcher {
  private parts: Uint8Array[] = [];
  private size = 0;
  /** Bytes of the line being read (since the last newline), held at the end of `parts`. */
  private partial = 0;
  private lines = 0;
  /** Number of the first line held. */
  private first = 1;
  private skipping = false;

  constructor(
    private readonly maxBytes: number,
    private readonly batchBytes: number,
  ) {}

  push(chunk: Buffer): LineBatch[] {
    const out: LineBatch[] = [];
    let from = 0;
    let run = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(10, from);
      const end = nl === -1 ? chunk.length : nl;
      if (this.skipping) {
        if (nl === -1) return out;
        this.skipping = false;
        out.push({ tooLong: this.first++ });
        from = run = nl + 1;
        continue;
      }
      if (this.partial + end - from > this.maxBytes) {
        this.hold(chunk.subarray(run, from));
        this.dropPartial();
        this.emit(out);
        this.skipping = true;
        from = run = end;
        continue;
      }
      if (nl === -1) {
        this.partial += end - from;
        break;
      }
      this.lines++;
      this.partial = 0;
      from = nl + 1;
      if (this.size + from - run >= this.batchBytes) {
        this.hold(chunk.subarray(run, from));
        this.emit(out);
        run = from;
      }
    }
    if (!this.skipping) this.hold(chunk.subarray(run));
    return out;
  }

  /** What is left: the last line when the input does not end with a newline. */
  end(): LineBatch[] {
    const out: LineBatch[] = [];
    if (this.skipping) {
      this.skipping = false;
      out.push({ tooLong: this.first++ });
    } else if (this.partial > 0) {
      this.lines++;
      this.partial = 0;
    }
    this.emit(out);
    return out;
  }

  private hold(piece: Uint8Array): void {
    if (piece.length === 0) return;
    this.parts.push(piece);
    this.size += piece.length;
  }

  private dropPartial(): void {
    let drop = this.partial;
    this.partial = 0;
    while (drop > 0) {
      const last = this.parts[this.parts.length - 1]!;
      if (last.length <= drop) {
        this.parts.pop();
        drop -= last.length;
        this.size -= last.length;
      } else {
        this.parts[this.parts.length - 1] = last.subarray(0, last.length - drop);
        this.size -= drop;
        drop = 0;
      }
    }
  }

  /** Emits the held whole lines (the partial line stays held). */
  private emit(out: LineBatch[]): void {
    if (this.lines === 0) return;
    const wholeBytes = this.size - this.partial;
    // A copy into a buffer of its own, so it can be transferred to a worker.
    const bytes = new Uint8Array(wholeBytes);
    let at = 0;
    const rest: Uint8Array[] = [];
    for (const part of this.parts) {
      const take = Math.min(part.length, wholeBytes - at);
      bytes.set(part.subarray(0, take), at);
      at += take;
      if (take < part.length) rest.push(part.subarray(take));
    }
    out.push({ bytes, first: this.first });
    this.first += this.lines;
    this.lines = 0;
    this.parts = rest;
    this.size = this.partial;
  }
}
