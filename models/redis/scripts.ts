/**
 * Lua scripts the Redis model runs natively instead of interpreting Lua, recognised by the SHA1 of their
 * text (what EVALSHA names and what EVAL's text hashes to). Known: the three scripts of the `redlock`
 * package 5.0.0-beta.2 (acquire, extend, release over any number of keys). Any other script is refused
 * with an error that lists these.
 */
import { createHash } from 'node:crypto';

export type KnownScript = 'redlock-acquire' | 'redlock-extend' | 'redlock-release';

export const KNOWN_SCRIPTS: Readonly<Record<string, KnownScript>> = {
  // redlock 5.0.0-beta.2: fail if any key exists, else SET every key to ARGV[1] PX ARGV[2]; return #KEYS.
  '96da70f7716f27d278a5218544df37fd8b0a5e4c': 'redlock-acquire',
  // redlock 5.0.0-beta.2: fail unless every key holds ARGV[1], then SET each again PX ARGV[2]; return #KEYS.
  aed6f382e410db8ba7926d4e5e9aab410bf2a78a: 'redlock-extend',
  // redlock 5.0.0-beta.2: DEL each key that holds ARGV[1]; return how many.
  e4612211c9f8f51c257e26e056b0a654b3187242: 'redlock-release',
};

export function scriptSha(text: string): string {
  // The script's bytes as the client sent them (the connection's latin1 string is one char per byte).
  return createHash('sha1').update(Buffer.from(text, 'latin1')).digest('hex');
}

export function knownScriptNames(): string {
  return Object.entries(KNOWN_SCRIPTS).map(([sha, name]) => `${name} (${sha})`).join(', ');
}
