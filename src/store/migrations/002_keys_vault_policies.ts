/**
 * Shapes the key tables after the crypto room's store interfaces (KeyStore, SubjectKeyStore,
 * TokenVault). The 001 key, subject and vault tables were never written by any release, so they are
 * replaced rather than altered. Subject ids never reach the database: subject keys are stored under
 * an HMAC ref, vault rows under an HMAC index; values only ever sealed.
 */
export const sql = `
DROP TABLE keyring_keys;
DROP TABLE subject_keys;
DROP TABLE token_vault;

CREATE TABLE keys (
  id              text PRIMARY KEY,
  primary_version integer NOT NULL CHECK (primary_version > 0),
  created_at      text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- One row per key version; wrapped_key is KMS-wrapped material, NULL once destroyed.
CREATE TABLE key_versions (
  key_id       text NOT NULL REFERENCES keys (id),
  version      integer NOT NULL CHECK (version > 0),
  state        text NOT NULL CHECK (state IN ('enabled', 'disabled', 'destroyed')),
  created_at   text NOT NULL,
  wrapped_key  bytea,
  PRIMARY KEY (key_id, version),
  CHECK ((state = 'destroyed') = (wrapped_key IS NULL))
);

-- Per-subject data keys (crypto-shredding): a shred replaces the wrapped key by a tombstone.
CREATE TABLE subject_keys (
  ref          text PRIMARY KEY,
  wrapped_key  bytea,
  created_at   timestamptz NOT NULL DEFAULT now(),
  shredded_at  text,
  CHECK ((wrapped_key IS NULL) = (shredded_at IS NOT NULL))
);

CREATE TABLE token_vault (
  token       text PRIMARY KEY,
  value_index text NOT NULL UNIQUE,
  sealed      bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE policies ADD COLUMN activated_by text;
`;
