const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly; on failure says where the first bad byte is. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { badOffset: number; line: number; column: number } {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder().decode(bytes.subarray(0, bad));
    const lastNewline = before.lastIndexOf('\n');
    let line = 1;
    for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
    return { badOffset: bad, line, column: before.length - lastNewline };
  }
}

/** Offset of the first byte that starts an invalid or truncated UTF-8 sequence (only on the error path). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const n = b[i + k];
      if (n === undefined || (n & 0xc0) !== 0x80) return i;
    }
    // Overlong forms and surrogates.
    const n1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && n1 < 0xa0) || (c === 0xed && n1 > 0x9f) || (c === 0xf0 && n1 < 0x90) || (c === 0xf4 && n1 > 0x8f)) return i;
    i += need + 1;
  }
  return b.length;
}
