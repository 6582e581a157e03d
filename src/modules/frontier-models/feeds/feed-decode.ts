import iconv from 'iconv-lite';

/**
 * Feed bytes to text with the declared charset: the HTTP Content-Type charset first, then the
 * XML declaration, then a byte-order mark; UTF-8 when nothing is declared.
 */
export function decodeFeedBody(bytes: Buffer, contentType: string | null): string {
  const declared =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ??
    /^(?:\uFEFF)?\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1] ??
    bomCharset(bytes) ??
    'utf-8';
  if (!iconv.encodingExists(declared)) throw new Error(`unsupported charset "${declared}"`);
  return iconv.decode(bytes, declared, { stripBOM: true });
}

function bomCharset(bytes: Buffer): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}
