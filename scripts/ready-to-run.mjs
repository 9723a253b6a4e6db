// Whether a .NET assembly carries precompiled (ReadyToRun) native code, read from its PE headers.
// Only the headers are read (set-up asks on every `npm start`; the engine assembly is megabytes).
// Only node: imports here: set-up reads this before node_modules exists.
import { closeSync, openSync, readSync } from 'node:fs';

/** `length` bytes at `offset` (fewer at the end of the file). */
function readAt(fd, offset, length) {
  const buffer = Buffer.alloc(length);
  return buffer.subarray(0, readSync(fd, buffer, 0, length, offset));
}

/** The file offset of a relative virtual address, through the section table. */
function fileOffset(sections, rva) {
  for (let section = 0; section + 40 <= sections.length; section += 40) {
    const virtualAddress = sections.readUInt32LE(section + 12);
    const rawSize = sections.readUInt32LE(section + 16);
    if (rva >= virtualAddress && rva < virtualAddress + rawSize) return sections.readUInt32LE(section + 20) + (rva - virtualAddress);
  }
  return undefined;
}

/**
 * True when the assembly at path is ReadyToRun-compiled: its CLI header names a managed native header
 * (crossgen2 writes one; an IL-only assembly has none). False for IL only, or a file that is not a .NET image.
 */
export function isReadyToRun(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const dos = readAt(fd, 0, 0x40);
    if (dos.length < 0x40 || dos.readUInt16LE(0) !== 0x5a4d) return false; // "MZ"
    const pe = dos.readUInt32LE(0x3c);
    const fileHeader = readAt(fd, pe, 24);
    if (fileHeader.length < 24 || fileHeader.readUInt32LE(0) !== 0x4550) return false; // "PE\0\0"
    const sectionCount = fileHeader.readUInt16LE(6);
    const optionalHeaderSize = fileHeader.readUInt16LE(20);
    const optionalHeader = readAt(fd, pe + 24, optionalHeaderSize);
    const dataDirectories = optionalHeader.readUInt16LE(0) === 0x20b ? 112 : 96;
    if (optionalHeader.length < dataDirectories + 15 * 8) return false;
    const cliHeaderRva = optionalHeader.readUInt32LE(dataDirectories + 14 * 8); // directory 14: the CLI header
    if (cliHeaderRva === 0) return false;
    const cliHeader = fileOffset(readAt(fd, pe + 24 + optionalHeaderSize, sectionCount * 40), cliHeaderRva);
    if (cliHeader === undefined) return false;
    const cli = readAt(fd, cliHeader, 72);
    return cli.length === 72 && cli.readUInt32LE(68) > 0; // ManagedNativeHeader's size
  } finally {
    closeSync(fd);
  }
}
