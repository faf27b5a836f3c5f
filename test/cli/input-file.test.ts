import { execFileSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, formatBytes, readInputText } from '../../src/cli/input-file.js';

/** Reading a scenario or trace: regular UTF-8 files within a size limit, checked before reading. */
describe('readInputText', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-input-'));

  it('reads a regular file', () => {
    writeFileSync(join(dir, 'a.yaml'), 'name: a\n');
    expect(readInputText(join(dir, 'a.yaml'), 100)).toEqual({ ok: true, text: 'name: a\n' });
  });

  it.each([
    ['/dev/zero', 'is a device, not a regular file'],
    ['/dev/urandom', 'is a device, not a regular file'],
    ['/dev/null', 'is a device, not a regular file'],
    ['/', 'is a directory'],
  ])('%s: %s', (path, reason) => {
    expect(readInputText(path, 1024)).toMatchObject({ ok: false, reason });
  });

  it('a FIFO is refused from stat, without waiting for a writer', () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(readInputText(join(dir, 'fifo'), 1024)).toEqual({ ok: false, reason: 'is a FIFO (named pipe), not a regular file' });
  });

  it('a file over the limit is refused from its size, before a byte is read (here 8 GiB of holes)', () => {
    writeFileSync(join(dir, 'huge'), '');
    truncateSync(join(dir, 'huge'), 8 * 1024 ** 3);
    expect(readInputText(join(dir, 'huge'), 1024 * 1024)).toEqual({ ok: false, reason: 'is 8,192 MiB, more than the limit of 1 MiB (docs/limits.md)' });
  });

  it('a file whose stat says 0 bytes (/proc) is read to its end, still within the limit', () => {
    const status = readInputText('/proc/self/status', 1024 * 1024);
    expect(status.ok && status.text.startsWith('Name:')).toBe(true);
    expect(readInputText('/proc/self/status', 10)).toEqual({ ok: false, reason: 'is more than the limit of 10 bytes (docs/limits.md)' });
  });

  it('a missing file: its reason and code', () => {
    expect(readInputText(join(dir, 'missing'), 10)).toEqual({ ok: false, reason: 'no such file', code: 'ENOENT' });
  });
});

describe('decodeText', () => {
  it.each([
    [[0xef, 0xbb, 0xbf, 0x61], { ok: true, text: 'a' }],
    [[0x63, 0x61, 0x66, 0xc3, 0xa9], { ok: true, text: 'café' }],
    [[0xff, 0xfe, 0x61, 0x00], { ok: false, reason: 'is UTF-16 text; save it as UTF-8' }],
    [[0xfe, 0xff, 0x00, 0x61], { ok: false, reason: 'is UTF-16 text; save it as UTF-8' }],
    [[0x61, 0x00, 0x62, 0x00], { ok: false, reason: 'is not a text file (a NUL byte at offset 1: binary, or UTF-16 without a byte-order mark)' }],
    [[0x63, 0x61, 0x66, 0xe9], { ok: false, reason: 'is not UTF-8 text (save it as UTF-8)' }],
  ])('%j', (bytes, expected) => {
    expect(decodeText(Uint8Array.from(bytes))).toEqual(expected);
  });

  it('formatBytes', () => {
    expect([12, 2048, 1024 * 1024, 53.2 * 1024 * 1024].map(formatBytes)).toEqual(['12 bytes', '2 KiB', '1 MiB', '53.2 MiB']);
  });
});
