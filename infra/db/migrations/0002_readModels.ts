import type { Knex } from 'knex';

/**
 * The trading read models. `ll_checkpoints` holds each projection's position, written in the same
 * transaction as the rows it covers. `trade_updates` and `position_updates` keep every change with the
 * log position that caused it, so a subscriber that reconnects with a cursor catches up from SQL.
 * Quantities and prices are double precision: the projector computes them (pure folds, rounded to the
 * watt-hour) and stores the numbers it computed, so the tables equal a fold of the log bit for bit.
 */
export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    CREATE TABLE ll_checkpoints (
      name       text        PRIMARY KEY,
      version    int         NOT NULL,
      position   bigint      NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE trades (
      tenant             text             NOT NULL,
      id                 text             NOT NULL,
      account_id         text             NOT NULL,
      instrument         text             NOT NULL,
      side               text             NOT NULL CHECK (side IN ('BUY', 'SELL')),
      quantity_mwh       double precision NOT NULL,
      filled_mwh         double precision NOT NULL,
      limit_price        double precision NOT NULL,
      average_fill_price double precision,
      status             text             NOT NULL CHECK (status IN ('OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED')),
      version            bigint           NOT NULL,
      placed_at          timestamptz      NOT NULL,
      updated_at         timestamptz      NOT NULL,
      last_position      bigint           NOT NULL,
      PRIMARY KEY (tenant, id)
    );
    CREATE INDEX trades_tenant_account_placed ON trades (tenant, account_id, placed_at DESC, id DESC);
    CREATE INDEX trades_tenant_placed ON trades (tenant, placed_at DESC, id DESC);
    CREATE TABLE positions (
      tenant        text             NOT NULL,
      account_id    text             NOT NULL,
      instrument    text             NOT NULL,
      net_mwh       double precision NOT NULL,
      average_price double precision,
      updated_at    timestamptz      NOT NULL,
      last_position bigint           NOT NULL,
      PRIMARY KEY (tenant, account_id, instrument)
    );
    CREATE TABLE trade_updates (
      position   bigint NOT NULL,
      tenant     text   NOT NULL,
      account_id text   NOT NULL,
      trade_id   text   NOT NULL,
      snapshot   jsonb  NOT NULL,
      PRIMARY KEY (tenant, position, trade_id)
    );
    CREATE INDEX trade_updates_tenant_account_position ON trade_updates (tenant, account_id, position);
    CREATE TABLE position_updates (
      position   bigint NOT NULL,
      tenant     text   NOT NULL,
      account_id text   NOT NULL,
      instrument text   NOT NULL,
      snapshot   jsonb  NOT NULL,
      PRIMARY KEY (position, tenant, account_id, instrument)
    );
    CREATE INDEX position_updates_tenant_account_position ON position_updates (tenant, account_id, position);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('DROP TABLE position_updates; DROP TABLE trade_updates; DROP TABLE positions; DROP TABLE trades; DROP TABLE ll_checkpoints;');
};
