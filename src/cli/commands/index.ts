import type { Command } from 'commander';
import * as anonymize from './anonymize.js';
import * as apikey from './apikey.js';
import * as audit from './audit.js';
import * as check from './check.js';
import * as dataset from './dataset.js';
import * as demo from './demo.js';
import * as dp from './dp.js';
import * as geo from './geo.js';
import * as keys from './keys.js';
import * as policy from './policy.js';
import * as protect from './protect.js';
import * as risk from './risk.js';
import * as scan from './scan.js';
import * as serve from './serve.js';
import * as transform from './transform.js';

/** Every command module registers itself here: one import and one entry each. */
const COMMANDS: { register(program: Command): void }[] = [
  anonymize,
  apikey,
  audit,
  check,
  dataset,
  demo,
  dp,
  geo,
  keys,
  policy,
  protect,
  risk,
  scan,
  serve,
  transform,
];

export function registerCommands(program: Command): void {
  for (const command of COMMANDS) command.register(program);
}
