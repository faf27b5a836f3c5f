import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { fsErrorReason } from './fs-error.js';

/** A text file read within its limits, or why it could not be, in a few words for a one-line error. */
export type InputText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string; readonly code?: string };

/**
 * Reads a text input (a scenario, a traffic trace) with the checks that keep a careless or hostile
 * path from hanging or exhausting memory, all made before a byte is decoded:
 * - only a regular file: a directory, device (`/dev/zero`, `/dev/urandom`), FIFO or socket is
 *   refused from `stat`, so nothing blocks waiting on a pipe or reads an endless device;
 * - its size from `stat` against `maxBytes`, and the read itself stops at `maxBytes + 1`, so a
 *   file that grows while it is read is refused too;
 * - UTF-8 only: a UTF-16 file (byte-order mark or NUL bytes) or a binary file is named as such,
 *   not fed to the parser as garbage; a UTF-8 byte-order mark is dropped.
 * Never throws for a file-system error: that is the reason (`no such file`).
 */
export function readInputText(path: string, maxBytes: number): InputText {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    return failed(error);
  }
  const kind = notRegular(stats);
  if (kind !== undefined) return { ok: false, reason: kind };
  if (stats.size > maxBytes) return { ok: false, reason: tooLarge(maxBytes, stats.size) };
  let fd: number;
  try {
    // O_NONBLOCK: if the path was swapped for a FIFO since the stat, opening it does not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return failed(error);
  }
  try {
    const opened = fstatSync(fd);
    const swapped = notRegular(opened);
    if (swapped !== undefined) return { ok: false, reason: swapped };
    // Sized from fstat, grown if the file is longer than it said (it grew; /proc reports 0), never past maxBytes + 1.
    let buffer = Buffer.alloc(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    while (length <= maxBytes) {
      if (length === buffer.length) {
        const larger = Buffer.alloc(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) return { ok: false, reason: tooLarge(maxBytes) };
    return decodeText(buffer.subarray(0, length));
  } catch (error) {
    return failed(error);
  } finally {
    closeSync(fd);
  }
}

function failed(error: unknown): InputText {
  return { ok: false, reason: fsErrorReason(error), code: (error as NodeJS.ErrnoException).code };
}

/** Why a file of these stats is not a regular file, or undefined when it is. */
function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'is a directory';
  if (stats.isFIFO()) return 'is a FIFO (named pipe), not a regular file';
  if (stats.isSocket()) return 'is a socket, not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device, not a regular file';
  return 'is not a regular file';
}

/** `is 53.2 MiB, more than the limit of 1 MiB`, or without the size when only its excess is known. */
function tooLarge(maxBytes: number, size?: number): string {
  return `is ${size === undefined ? '' : `${formatBytes(size)}, `}more than the limit of ${formatBytes(maxBytes)} (docs/limits.md)`;
}

/** `1 MiB`, `53.2 MiB`, `900 KiB`, `12 bytes`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const [value, unit] = n < 1024 * 1024 ? [n / 1024, 'KiB'] : [n / (1024 * 1024), 'MiB'];
  return `${Number(value.toFixed(1)).toLocaleString('en-US')} ${unit}`;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** UTF-8 text without its byte-order mark, or why the bytes are not that. */
export function decodeText(bytes: Uint8Array): InputText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, reason: 'is UTF-16 text; save it as UTF-8' };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { ok: false, reason: `is not a text file (a NUL byte at offset ${nul}: binary, or UTF-16 without a byte-order mark)` };
  try {
    // ignoreBOM: false makes the decoder drop a leading UTF-8 byte-order mark.
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    return { ok: false, reason: 'is not UTF-8 text (save it as UTF-8)' };
  }
}
