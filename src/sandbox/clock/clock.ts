/** The sandbox's time: real time plus an offset that the control API can move forward. */
export class SandboxClock {
  private offsetMs = 0;

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += Math.max(0, ms);
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

/** Boomi timestamps: UTC `yyyy-MM-ddTHH:mm:ssZ` (reference §2). */
export function boomiTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
