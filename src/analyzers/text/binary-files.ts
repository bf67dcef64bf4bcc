// File name extensions of binary content: images, archives, fonts, media, compiled code, databases,
// key stores. No check reads these as text (the secret scan skips them by name; the read-ahead
// never loads them).

export const BINARY_EXTENSIONS: ReadonlySet<string> = new Set(
  `png jpg jpeg gif bmp ico icns webp avif tif tiff psd ai eps pdf zip gz tgz bz2 xz 7z rar tar jar war ear
  woff woff2 ttf otf eot mp3 mp4 m4a wav ogg webm mov avi mkv flac so dylib dll exe bin class pyc pyo o a lib
  wasm node sqlite db dat lockb jks keystore p12 pfx der heic`.split(/\s+/),
);

/** Whether a path's extension (case-insensitive) is one of BINARY_EXTENSIONS. */
export function hasBinaryExtension(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') + 1 && BINARY_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}
