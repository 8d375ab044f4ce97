// Added response latency (control API `PUT /__sandbox/latency`): a default for every Boomi call and
// per-route values keyed like "POST /DeployedPackage" or "GET /Branch/{id}".
export class SandboxLatency {
  defaultMs = 0;
  readonly perRoute = new Map<string, number>();

  /** Delay for a call, by concrete path first, then by route template, then the default. */
  delayFor(method: string, objectPath: string, template: string): number {
    const verb = method.toUpperCase();
    return (
      this.perRoute.get(`${verb} ${objectPath}`) ?? this.perRoute.get(`${verb} ${template}`) ?? this.defaultMs
    );
  }

  /** Applies `{defaultMs?, perRoute?}`; returns an error message or undefined. */
  apply(input: Record<string, unknown>): string | undefined {
    const isDelay = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
    if (input.defaultMs !== undefined && !isDelay(input.defaultMs)) return 'defaultMs must be a number ≥ 0';
    const perRoute = input.perRoute;
    if (perRoute !== undefined && (typeof perRoute !== 'object' || perRoute === null)) {
      return 'perRoute must be an object like {"POST /DeployedPackage": 120}';
    }
    const entries = Object.entries((perRoute ?? {}) as Record<string, unknown>);
    for (const [key, value] of entries) {
      if (!/^[A-Z]+ \/\S*$/.test(key) || !isDelay(value))
        return `perRoute entry '${key}' must be "METHOD /Path": ms`;
    }
    if (isDelay(input.defaultMs)) this.defaultMs = input.defaultMs;
    if (perRoute !== undefined) {
      this.perRoute.clear();
      for (const [key, value] of entries) this.perRoute.set(key, value as number);
    }
    return undefined;
  }

  describe(): { defaultMs: number; perRoute: Record<string, number> } {
    return { defaultMs: this.defaultMs, perRoute: Object.fromEntries(this.perRoute) };
  }

  reset(): void {
    this.defaultMs = 0;
    this.perRoute.clear();
  }
}
