/** The workflow layer's logger: pino's shape, so a pino logger plugs straight in. */
export interface WorkflowLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export const silentLogger: WorkflowLogger = { info() {}, warn() {}, error() {} };
