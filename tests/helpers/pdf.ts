// The text of a PDF the app produced (letters, protocols, attendance lists), as a reader would copy it.
import { PDFParse } from 'pdf-parse';

export async function pdfText(bytes: Uint8Array | Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}
