/** The first schema: API keys, the audit chain, policies, keyrings, the token vault. */
export const sql = `
CREATE TABLE api_keys (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  secret_hash  bytea NOT NULL,
  roles        text[] NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text NOT NULL,
  expires_at   timestamptz,
  revoked_at   timestamptz
);

CREATE TABLE audit_log (
  seq          bigint PRIMARY KEY,
  ts           timestamptz NOT NULL,
  actor        text NOT NULL,
  action       text NOT NULL,
  target_type  text,
  target_id    text,
  details      jsonb NOT NULL,
  prev_hash    text NOT NULL,
  hash         text NOT NULL
);
CREATE INDEX audit_log_actor_seq ON audit_log (actor, seq);
CREATE INDEX audit_log_action_seq ON audit_log (action, seq);
CREATE INDEX audit_log_ts ON audit_log (ts);

-- The chain head: appends lock this one row, so two writers can never fork the chain,
-- and verify() can tell a truncated tail from a complete log.
CREATE TABLE audit_head (
  id    smallint PRIMARY KEY CHECK (id = 1),
  seq   bigint NOT NULL,
  hash  text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

-- Defence in depth: the application never edits the log; an attacker must disable this first.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE policies (
  name          text NOT NULL,
  version       integer NOT NULL CHECK (version > 0),
  document      jsonb NOT NULL,
  source        text,
  digest        text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL,
  active        boolean NOT NULL DEFAULT false,
  activated_at  timestamptz,
  PRIMARY KEY (name, version)
);
CREATE UNIQUE INDEX policies_one_active ON policies (name) WHERE active;

CREATE TABLE keyring_keys (
  key_id          text PRIMARY KEY,
  keyring         text NOT NULL,
  version         integer NOT NULL CHECK (version > 0),
  algorithm       text NOT NULL,
  state           text NOT NULL CHECK (state IN ('active', 'retired', 'destroyed')),
  wrapped_key     bytea,
  wrap_algorithm  text,
  kek_id          text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  retired_at      timestamptz,
  destroyed_at    timestamptz,
  UNIQUE (keyring, version),
  CHECK (state <> 'destroyed' OR wrapped_key IS NULL)
);
CREATE UNIQUE INDEX keyring_one_active ON keyring_keys (keyring) WHERE state = 'active';

-- Per-subject keys for crypto-shredding: deleting wrapped_key makes the subject's data unreadable.
CREATE TABLE subject_keys (
  keyring      text NOT NULL,
  subject_id   text NOT NULL,
  wrapped_key  bytea,
  kek_id       text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  shredded_at  timestamptz,
  PRIMARY KEY (keyring, subject_id)
);

CREATE TABLE token_vault (
  namespace     text NOT NULL,
  token         text NOT NULL,
  value_digest  bytea NOT NULL,
  ciphertext    bytea NOT NULL,
  key_id        text NOT NULL,
  subject_id    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (namespace, token),
  UNIQUE (namespace, value_digest)
);
CREATE INDEX token_vault_subject ON token_vault (subject_id) WHERE subject_id IS NOT NULL;
`;
