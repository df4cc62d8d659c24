import { triggerGroup } from '../features.js';
import { stickyTest } from './gates.js';
import type { PatternSpec } from './pattern.js';

/** A JWT is three base64url parts; the header must decode to a JSON object naming an `alg`. */
export function validJwt(token: string): boolean {
  const header = token.slice(0, token.indexOf('.'));
  try {
    const json: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return typeof json === 'object' && json !== null && 'alg' in json;
  } catch {
    return false;
  }
}

/** An AWS secret is 40 base64 characters mixing cases and digits. */
function mixedSecret(value: string): boolean {
  return /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value);
}

const PASSWORD_KEYS =
  'password|passwd|pwd|passcode|pass|contraseña|clave|mot de passe|mdp|passwort|kennwort|senha|kata sandi';
const USER_KEYS =
  'username|user name|user id|userid|login|usuario|utilisateur|identifiant|benutzername|usuário|nama pengguna';

// A key is followed by `\s`, ':' or '=' in every match.
const PASSWORD_WORDS = triggerGroup(
  PASSWORD_KEYS.split('|'),
  stickyTest(`(?:${PASSWORD_KEYS})[\\s:=]`, 'iu'),
);
const USER_WORDS = triggerGroup(USER_KEYS.split('|'));
const SLACK = triggerGroup(['xox', 'hooks']);
const GOOGLE = triggerGroup(['AIza']);
const JWT_START = triggerGroup(['eyJ']);

/** Scores: provider prefixes with fixed lengths are near-certain; context-based ones lower. */
export const CREDENTIAL_PATTERNS: PatternSpec[] = [
  {
    entity: 'AWS_ACCESS_KEY',
    name: 'aws_access_key',
    regex: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA)[A-Z2-7]{16}(?![A-Z0-9])/g,
    score: 0.95,
    needs: (f) => f.maxUpperDigitRun >= 20,
  },
  {
    entity: 'AWS_SECRET_KEY',
    name: 'aws_secret_key',
    regex:
      /(?:aws_?secret_?(?:access_?)?key|secret_?access_?key|SecretAccessKey)["']?\s{0,3}[:=]\s{0,3}["']?(?<value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi,
    score: 0.9,
    validate: mixedSecret,
    needs: (f) => f.digit && (f.colon || f.equals > 0),
    // Every key name contains "secret".
    prefilter: /secret/i,
  },
  {
    entity: 'GITHUB_TOKEN',
    name: 'github_token',
    regex: /\b(?:gh[pousr]_[A-Za-z0-9]{36,76}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
    score: 0.95,
    needs: (f) => f.underscores >= 2 || (f.underscores > 0 && f.maxAlnumRun >= 36),
  },
  {
    entity: 'SLACK_TOKEN',
    name: 'slack_token',
    regex: /\bxox[abprse]-[A-Za-z0-9-]{10,250}|https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]{20,120}/g,
    score: 0.95,
    needs: (f) => (f.words & SLACK) !== 0,
  },
  {
    entity: 'STRIPE_KEY',
    name: 'stripe_key',
    regex: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}\b/g,
    score: 0.95,
    needs: (f) => f.underscores >= 2 && f.maxAlnumRun >= 16,
  },
  {
    entity: 'GOOGLE_API_KEY',
    name: 'google_api_key',
    regex: /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/g,
    score: 0.9,
    needs: (f) => (f.words & GOOGLE) !== 0,
  },
  {
    entity: 'JWT',
    name: 'jwt',
    regex: /\beyJ[A-Za-z0-9_-]{5,4096}\.eyJ[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{0,4096}/g,
    score: 0.95,
    validate: validJwt,
    needs: (f) => f.dots >= 2 && (f.words & JWT_START) !== 0,
  },
  {
    entity: 'PRIVATE_KEY',
    name: 'pem_private_key',
    regex:
      /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,16384}?-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g,
    score: 0.99,
    needs: (f) => f.dashes >= 20 && f.uppers >= 10,
  },
  {
    entity: 'PASSWORD',
    name: 'password_keyword',
    regex: new RegExp(
      `(?<![\\p{L}])(?:${PASSWORD_KEYS})\\s{0,3}(?:[:=]|\\s(?:is|es|est|ist|é|adalah)\\s)\\s{0,3}["']?(?<value>[^\\s"',;]{4,64})`,
      'dgiu',
    ),
    score: 0.8,
    needs: (f) => (f.words & PASSWORD_WORDS) !== 0,
    validate: (value) => (/[^\p{L}]/u.test(value) || /\p{Lu}/u.test(value.slice(1)) ? true : 0.45),
  },
  {
    entity: 'USERNAME',
    name: 'username_keyword',
    needs: (f) => (f.colon || f.equals > 0) && (f.words & USER_WORDS) !== 0,
    regex: new RegExp(
      `(?<![\\p{L}])(?:${USER_KEYS})\\s{0,3}[:=]\\s{0,3}["']?(?<value>[\\p{L}\\p{N}_.@-]{2,64})`,
      'dgiu',
    ),
    score: 0.8,
  },
  {
    entity: 'USERNAME',
    name: 'username_handle',
    regex: /(?<![\w.@/])@[A-Za-z0-9_]{2,30}(?![\w@]|\.\w)/g,
    score: 0.65,
    needs: (f) => f.at,
  },
];
