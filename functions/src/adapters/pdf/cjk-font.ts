// Where the CJK font every PDF embeds lives: Noto Sans SC (static TTF, regular and bold), which pdfkit subsets per document.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CjkFontFiles {
  readonly regular: string;
  readonly bold: string;
}

/** The folder a deployed bundle carries its fonts in (scripts/build.mjs copies them there): a deployed function has no node_modules. */
export const BUNDLED_FONT_DIR = 'fonts';

const FILES = { regular: '400Regular/NotoSansSC_400Regular.ttf', bold: '700Bold/NotoSansSC_700Bold.ttf' } as const;

/** The package's TTF files; @expo-google-fonts/noto-sans-sc ships whole static fonts, where the fontsource packages ship WOFF2 slices of the Unicode range. */
export function packageFontFiles(): CjkFontFiles {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  return { regular: path.join(dir, FILES.regular), bold: path.join(dir, FILES.bold) };
}

/** The fonts beside this bundle when deployed, else the npm package's. */
export function cjkFontFiles(): CjkFontFiles {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.join(here, BUNDLED_FONT_DIR), path.join(here, '..', BUNDLED_FONT_DIR)]) {
    const bundled = { regular: path.join(dir, path.basename(FILES.regular)), bold: path.join(dir, path.basename(FILES.bold)) };
    if (existsSync(bundled.regular) && existsSync(bundled.bold)) return bundled;
  }
  return packageFontFiles();
}
