// The only things a request may name: ids of what core found or planned, never a path or a command.
import { z } from 'zod';

export const bundleIdSchema = z.string().regex(/^b-[0-9a-f]{12}$/, 'a bundle id from a scan');
export const pythonIdSchema = z.string().regex(/^py-[0-9a-f]{6,64}$/, 'an interpreter id from the Pythons list');
export const checkIdSchema = z.string().regex(/^c-[0-9a-z]{1,32}$/, 'a check id');
export const planIdSchema = z.string().regex(/^p-[0-9a-z]{1,32}$/, 'a plan id');
export const historyIdSchema = z.string().regex(/^h-[0-9a-zA-Z_-]{1,64}$/, 'a history entry id');
/** A host name or IP literal as typed in a URL: letters, digits, dots, dashes, colons (IPv6). */
export const hostSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:]+:[0-9a-fA-F:.]*|[A-Za-z0-9_.-]+)$/, 'a host name');
/** A step of a plan: a1.. (chosen by default), o1.. (offered: shared files, unticked by default). */
export const stepIdSchema = z.string().regex(/^[ao][0-9]{1,3}$/, 'a plan step id');
export const uploadIdSchema = z.string().regex(/^u-[0-9a-z]{1,32}$/, 'an upload id');
/** A SHA-256 fingerprint as 64 hex digits. */
export const fingerprintSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 fingerprint');
/** A file's name for display only (no folder): what the user picked. */
export const fileNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\\/\0]+$/, 'a file name without folders');
