// "Identical causes computed once". Within one check the server's chain (the Evidence) is fixed, so
// a client's cause depends only on what it trusts, its verification profile and how it reaches the
// OS store. Ten interpreters (and their venvs) mostly read the same few bundles with the same few
// profiles: each distinct combination is judged once, and the trust is keyed by its certificates,
// not its path, so two venvs' copies of one certifi are one judgement.
import { createHash } from 'node:crypto';
import type { ClientProfile, Evaluation } from './evaluate.ts';
import type { TrustSet } from './paths.ts';

/** What, besides the trust and the profile, decides an evaluation: whether the OS store's facts
 * are added (withStoreFacts, for a Python client) and that function's other inputs. */
export interface JudgementExtras {
  storeFacts?: boolean;
  readsOsStore?: boolean;
  truststore?: boolean;
}

const contentKeys = new WeakMap<TrustSet, string>();

/** The trust set by content: a digest of its sorted fingerprints (computed once per set object). */
export function trustKey(set: TrustSet): string {
  let key = contentKeys.get(set);
  if (key === undefined) {
    key = createHash('sha256')
      .update([...set.fingerprints].sort().join(','))
      .digest('hex');
    contentKeys.set(set, key);
  }
  return key;
}

/** One memo per check (one Evidence). */
export class Judgements {
  private readonly memo = new Map<string, Evaluation>();

  /** How many evaluations were really computed (the rest were the same inputs again). */
  get computed(): number {
    return this.memo.size;
  }

  of(set: TrustSet, profile: ClientProfile, extras: JudgementExtras, compute: () => Evaluation): Evaluation {
    const key = [
      trustKey(set),
      profile.strict,
      profile.partialChain,
      profile.hostnameInOpenssl,
      profile.hasSni,
      profile.refusesOldTls,
      extras.storeFacts === true,
      extras.readsOsStore === true,
      extras.truststore === true,
    ].join('|');
    let ev = this.memo.get(key);
    if (ev === undefined) {
      ev = compute();
      this.memo.set(key, ev);
    }
    return ev;
  }
}
