// Small real files for uploads: a PNG drawn pixel by pixel (no image library) and a minimal PDF.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

type Rgb = [number, number, number];

/** A receipt-like picture: a coloured header, rows of grey "text" and a highlighted total. */
export function receiptPng(width = 480, height = 320): Buffer {
  const pixels = Buffer.alloc(width * height * 3, 255);
  const fill = (x0: number, y0: number, w: number, h: number, [r, g, b]: Rgb) => {
    for (let y = y0; y < Math.min(height, y0 + h); y++) {
      for (let x = x0; x < Math.min(width, x0 + w); x++) {
        const i = (y * width + x) * 3;
        pixels[i] = r;
        pixels[i + 1] = g;
        pixels[i + 2] = b;
      }
    }
  };
  fill(0, 0, width, height, [248, 250, 252]);
  fill(24, 20, width - 48, height - 40, [255, 255, 255]);
  fill(24, 20, width - 48, 44, [79, 70, 229]);
  fill(40, 36, 120, 12, [199, 210, 254]);
  for (let row = 0; row < 6; row++) {
    const y = 88 + row * 28;
    fill(40, y, 180 + ((row * 37) % 90), 8, [203, 213, 225]);
    fill(width - 120, y, 72, 8, [148, 163, 184]);
  }
  fill(40, 258, width - 80, 2, [226, 232, 240]);
  fill(40, 270, 90, 10, [100, 116, 139]);
  fill(width - 150, 266, 102, 18, [254, 226, 226]);
  fill(width - 140, 271, 82, 8, [220, 38, 38]);

  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // no filter
    pixels.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export function minimalPdf(text = 'Invoice'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}
