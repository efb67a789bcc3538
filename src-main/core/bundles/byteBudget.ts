// How many bytes of files are being judged at once. A file being judged is held whole, and parsing
// a PEM file holds about as much again (its text and its certificates), for as long as it takes:
// since parsing takes turns with other files (the time budget), eight big files named like bundles
// were all in memory together (sixteen files of 60 MB: 970 MB, measured). A budget in bytes lets
// the usual bundles (under 1 MB) go eight at a time and makes a big one wait until the others are done;
// waiters are served in order, so a big file is never starved by small ones.

export class ByteBudget {
  private free: number;
  private readonly total: number;
  private readonly waiting: Array<{ bytes: number; go: () => void }> = [];

  constructor(total: number) {
    this.total = total;
    this.free = total;
  }

  /** Waits until `bytes` (at most the whole budget: one file bigger than it goes alone) are free,
   * takes them, and returns what was taken, for `give`. */
  async take(bytes: number): Promise<number> {
    const want = Math.min(Math.max(0, bytes), this.total);
    if (this.waiting.length === 0 && want <= this.free) {
      this.free -= want;
      return want;
    }
    await new Promise<void>((go) => this.waiting.push({ bytes: want, go }));
    return want;
  }

  give(bytes: number): void {
    this.free += bytes;
    while (this.waiting.length > 0 && this.waiting[0]!.bytes <= this.free) {
      const next = this.waiting.shift()!;
      this.free -= next.bytes;
      next.go();
    }
  }
}
