// `promo start`: what `npm start` runs — the same command as `promo serve`.
import type { Command } from 'commander';
import { serveCommand } from './serve.ts';

export function startCommand(): Command {
  return serveCommand('start');
}
