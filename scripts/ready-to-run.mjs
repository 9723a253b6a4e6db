// Whether a .NET assembly carries precompiled (ReadyToRun) native code, read from its PE headers.
// Only node: imports here: set-up reads this before node_modules exists.
import { readFileSync } from 'node:fs';

/** The file offset of a relative virtual address, through the section table. */
function fileOffset(image, sectionTable, sectionCount, rva) {
  for (let i = 0; i < sectionCount; i++) {
    const section = sectionTable + i * 40;
    const virtualAddress = image.readUInt32LE(section + 12);
    const rawSize = image.readUInt32LE(section + 16);
    if (rva >= virtualAddress && rva < virtualAddress + rawSize) return image.readUInt32LE(section + 20) + (rva - virtualAddress);
  }
  return undefined;
}

/**
 * True when the assembly at path is ReadyToRun-compiled: its CLI header names a managed native header
 * (crossgen2 writes one; an IL-only assembly has none). False for IL only, or a file that is not a .NET image.
 */
export function isReadyToRun(path) {
  let image;
  try {
    image = readFileSync(path);
  } catch {
    return false;
  }
  if (image.length < 0x40 || image.readUInt16LE(0) !== 0x5a4d) return false; // "MZ"
  const pe = image.readUInt32LE(0x3c);
  if (pe + 24 > image.length || image.readUInt32LE(pe) !== 0x4550) return false; // "PE\0\0"
  const sectionCount = image.readUInt16LE(pe + 6);
  const optionalHeaderSize = image.readUInt16LE(pe + 20);
  const optionalHeader = pe + 24;
  const magic = image.readUInt16LE(optionalHeader);
  const dataDirectories = optionalHeader + (magic === 0x20b ? 112 : 96);
  const cliHeaderRva = image.readUInt32LE(dataDirectories + 14 * 8); // directory 14: the CLI header
  if (cliHeaderRva === 0) return false;
  const cliHeader = fileOffset(image, optionalHeader + optionalHeaderSize, sectionCount, cliHeaderRva);
  if (cliHeader === undefined || cliHeader + 72 > image.length) return false;
  return image.readUInt32LE(cliHeader + 68) > 0; // ManagedNativeHeader's size
}
