/** Finds plaintext secrets in what was printed or thrown, naming where, never the secret. Pure. */

/** A piece of output and where it came from. */
export interface ScannedText {
  where: string;
  text: string;
}

/** Where any of `secrets` (ignoring ones too short to be secrets) appears in `texts`. */
export function findSecrets(texts: readonly ScannedText[], secrets: Iterable<string>): string[] {
  const wanted = [...new Set(secrets)].filter((s) => typeof s === "string" && s.length >= 16);
  const found: string[] = [];
  for (const { where, text } of texts) {
    const hits = wanted.filter((secret) => text.includes(secret)).length;
    if (hits > 0) found.push(`${where}: ${hits} secret value(s) in plain text`);
  }
  return found;
}
