"""Writes the analyze corpus (see README.md): migration sets in several styles, each file with its expected findings."""
import os, sys, shutil

OUT = sys.argv[1]

class Set:
    def __init__(self, name, quote=False, schema=None):
        self.name, self.files, self.v = name, [], 0
        self.q = (lambda n: '"%s"' % n) if quote else (lambda n: n)
        self.s = (schema + '.') if schema else ''
    def t(self, n):
        return self.s + self.q(n)
    def mig(self, desc, stmts, prefix='V'):
        """stmts: list of (sql, [rules]) ; a bare string means no finding."""
        self.v += 1
        lines, expected, line = [], [], 1
        name = '%s%d__%s.sql' % (prefix, self.v, desc) if prefix == 'V' else 'R__%s.sql' % desc
        for st in stmts:
            sql, rules = (st, []) if isinstance(st, str) else st
            if sql.startswith('--'):
                lines.append(sql); line += sql.count('\n') + 1; continue
            for r in rules:
                expected.append((name, line, r))
            lines.append(sql if sql.rstrip().endswith(';') else sql + ';')
            line += sql.count('\n') + 1
        self.files.append((name, '\n'.join(lines) + '\n', expected))

def write(s):
    d = os.path.join(OUT, s.name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    exp = []
    for name, text, e in s.files:
        open(os.path.join(d, name), 'w').write(text)
        exp += e
    with open(os.path.join(OUT, s.name + '.expected'), 'w') as f:
        f.write('# file:line rule, the findings a reviewer expects (blocking-lock, info on every brief lock, left out)\n')
        for n, l, r in exp:
            f.write('%s:%d %s\n' % (n, l, r))
    return len(s.files)

total = 0

# 1. ORM-generated style: quoted identifiers, bigint ids, timestamps, index_<table>_on_<column> names.
s = Set('orm-generated', quote=True)
q = s.t
for tbl in ['users', 'accounts', 'projects', 'issues', 'comments', 'labels']:
    s.mig('create_' + tbl, ['CREATE TABLE %s ("id" bigserial PRIMARY KEY, "name" character varying, "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL)' % q(tbl)])
s.mig('add_email_to_users', ['ALTER TABLE "users" ADD "email" character varying DEFAULT \'\' NOT NULL'])
s.mig('index_users_on_email', [('CREATE UNIQUE INDEX "index_users_on_email" ON "users" ("email")', ['index-without-concurrently'])])
s.mig('add_account_ref_to_projects', ['ALTER TABLE "projects" ADD "account_id" bigint',
    ('CREATE INDEX "index_projects_on_account_id" ON "projects" ("account_id")', ['index-without-concurrently'])])
s.mig('fk_projects_accounts', [('ALTER TABLE "projects" ADD CONSTRAINT "fk_rails_projects_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id")', ['constraint-without-not-valid'])])
s.mig('add_project_ref_to_issues', ['ALTER TABLE "issues" ADD "project_id" bigint'])
s.mig('index_issues_on_project_id', ['CREATE INDEX CONCURRENTLY "index_issues_on_project_id" ON "issues" ("project_id")'])
s.mig('fk_issues_projects', ['ALTER TABLE "issues" ADD CONSTRAINT "fk_rails_issues_project" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") NOT VALID'])
s.mig('validate_fk_issues_projects', ['ALTER TABLE "issues" VALIDATE CONSTRAINT "fk_rails_issues_project"'])
s.mig('add_state_to_issues', ['ALTER TABLE "issues" ADD "state" integer DEFAULT 0 NOT NULL'])
s.mig('add_closed_at_to_issues', ['ALTER TABLE "issues" ADD "closed_at" timestamp(6)'])
s.mig('add_issue_ref_to_comments', ['ALTER TABLE "comments" ADD "issue_id" bigint NOT NULL DEFAULT 0'])
s.mig('add_body_to_comments', ['ALTER TABLE "comments" ADD "body" text'])
s.mig('change_comments_body_limit', [('ALTER TABLE "comments" ALTER COLUMN "name" TYPE character varying(100)', ['column-type-change'])])
s.mig('create_issue_labels', ['CREATE TABLE "issue_labels" ("issue_id" bigint NOT NULL, "label_id" bigint NOT NULL)',
    'CREATE UNIQUE INDEX "index_issue_labels_on_issue_id_and_label_id" ON "issue_labels" ("issue_id", "label_id")'])
s.mig('add_color_to_labels', ['ALTER TABLE "labels" ADD "color" character varying(7) DEFAULT \'#cccccc\' NOT NULL'])
s.mig('add_position_to_labels', [('ALTER TABLE "labels" ADD "position" integer NOT NULL', ['add-column-not-null-without-default'])])
s.mig('rename_name_to_title_on_issues', [('ALTER TABLE "issues" RENAME COLUMN "name" TO "title"', ['rename-column'])])
s.mig('add_uuid_to_projects', [('ALTER TABLE "projects" ADD "uuid" uuid DEFAULT gen_random_uuid() NOT NULL', ['volatile-default'])])
s.mig('remove_name_from_labels', [('ALTER TABLE "labels" DROP COLUMN "name"', ['drop-column'])])
s.mig('index_comments_on_issue_id', ['CREATE INDEX CONCURRENTLY IF NOT EXISTS "index_comments_on_issue_id" ON "comments" ("issue_id")'],)
s.files[-1] = (s.files[-1][0], s.files[-1][1], [(s.files[-1][0], 1, 'concurrently-if-not-exists')])
s.mig('backfill_issue_state', [('UPDATE "issues" SET "state" = 1 WHERE "closed_at" IS NOT NULL', ['unbatched-backfill'])])
s.mig('add_archived_to_projects', ['ALTER TABLE "projects" ADD "archived" boolean DEFAULT FALSE NOT NULL'])
s.mig('index_projects_on_archived', [('CREATE INDEX "index_projects_on_archived" ON "projects" ("archived") WHERE "archived"', ['index-without-concurrently'])])
s.mig('remove_index_projects_on_archived', [('DROP INDEX "index_projects_on_archived"', ['index-without-concurrently'])])
s.mig('add_counter_cache_to_issues', ['ALTER TABLE "issues" ADD "comments_count" integer DEFAULT 0 NOT NULL'])
s.mig('change_counter_to_bigint', [('ALTER TABLE "issues" ALTER COLUMN "comments_count" TYPE bigint', ['column-type-change']),
    ('ALTER TABLE "issues" ALTER COLUMN "state" TYPE bigint', ['column-type-change', 'repeated-rewrite'])])
s.mig('add_check_labels_color', [('ALTER TABLE "labels" ADD CONSTRAINT "labels_color_format" CHECK ("color" ~ \'^#[0-9a-f]{6}$\')', ['constraint-without-not-valid'])])
s.mig('create_ar_internal_metadata', ['CREATE TABLE IF NOT EXISTS "ar_internal_metadata" ("key" character varying NOT NULL PRIMARY KEY, "value" character varying, "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL)'])
s.mig('insert_environment', ['INSERT INTO "ar_internal_metadata" ("key", "value", "created_at", "updated_at") VALUES (\'environment\', \'production\', now(), now())'])
s.mig('add_slug_to_projects', ['ALTER TABLE "projects" ADD "slug" character varying'])
s.mig('index_projects_on_slug', ['CREATE UNIQUE INDEX CONCURRENTLY "index_projects_on_slug" ON "projects" ("slug")'])
s.mig('projects_slug_unique', ['ALTER TABLE "projects" ADD CONSTRAINT "projects_slug_key" UNIQUE USING INDEX "index_projects_on_slug"'])
s.mig('drop_accounts_name_again', ['ALTER TABLE "labels" DROP COLUMN IF EXISTS "name"'])
s.mig('remove_issue_labels', [('DROP TABLE "issue_labels"', ['drop-table'])])
s.mig('add_deleted_at_to_comments', ['ALTER TABLE "comments" ADD "deleted_at" timestamp(6)'])
s.mig('purge_deleted_comments', ['DELETE FROM "comments" WHERE "deleted_at" < now() - interval \'90 days\''])
s.mig('add_priority_to_issues', ['ALTER TABLE "issues" ADD "priority" smallint'])
s.mig('set_priority_not_null', [('UPDATE "issues" SET "priority" = 0', ['unbatched-backfill']), ('ALTER TABLE "issues" ALTER COLUMN "priority" SET NOT NULL', ['set-not-null'])])
s.mig('users_lower_email_index', [('CREATE INDEX "index_users_on_lower_email" ON "users" (lower("email"))', ['index-without-concurrently'])])
total += write(s)

# 2. Hand-written expand and contract: a careful team; most files are safe, a few slips.
s = Set('expand-contract')
s.mig('customers', ['CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, full_name text, created_at timestamptz NOT NULL DEFAULT now())'])
s.mig('orders', ['CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), total_cents int NOT NULL, status text NOT NULL DEFAULT \'new\', created_at timestamptz NOT NULL DEFAULT now())',
    'CREATE INDEX orders_customer_idx ON orders (customer_id)'])
s.mig('order_lines', ['CREATE TABLE order_lines (order_id bigint NOT NULL REFERENCES orders (id), sku text NOT NULL, qty int NOT NULL CHECK (qty > 0), PRIMARY KEY (order_id, sku))'])
s.mig('customers_email_idx', ['CREATE UNIQUE INDEX CONCURRENTLY customers_email_idx ON customers (lower(email))'])
s.mig('orders_status_idx', ['CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status)'])
s.mig('orders_currency', ['ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL DEFAULT \'EUR\''])
s.mig('orders_total_wide', ['ALTER TABLE orders ADD COLUMN total_cents_wide bigint'])
s.mig('orders_total_wide_trigger', ['''CREATE OR REPLACE FUNCTION orders_copy_total() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.total_cents_wide := NEW.total_cents;
  RETURN NEW;
END $$''', 'CREATE TRIGGER orders_copy_total BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_copy_total()'])
for i in range(4):
    s.mig('orders_backfill_batch_%d' % (i + 1), ['UPDATE orders SET total_cents_wide = total_cents WHERE id BETWEEN %d AND %d AND total_cents_wide IS NULL' % (i * 50000 + 1, (i + 1) * 50000)])
s.mig('orders_total_wide_check', ['ALTER TABLE orders ADD CONSTRAINT orders_total_wide_not_null CHECK (total_cents_wide IS NOT NULL) NOT VALID'])
s.mig('orders_total_wide_validate', ['ALTER TABLE orders VALIDATE CONSTRAINT orders_total_wide_not_null'])
s.mig('orders_total_wide_not_null', ['ALTER TABLE orders ALTER COLUMN total_cents_wide SET NOT NULL', 'ALTER TABLE orders DROP CONSTRAINT orders_total_wide_not_null'])
s.mig('customers_display_name', ['ALTER TABLE customers ADD COLUMN display_name text'])
s.mig('customers_display_name_backfill', ['UPDATE customers SET display_name = full_name WHERE id IN (SELECT id FROM customers WHERE display_name IS NULL LIMIT 10000)'])
s.mig('customers_full_name_view', ['CREATE OR REPLACE VIEW customer_names AS SELECT id, coalesce(display_name, full_name) AS name FROM customers'])
s.mig('drop_customers_full_name', ['-- schemahook:allow drop-column release 2.3 reads display_name only', ('ALTER TABLE customers DROP COLUMN full_name CASCADE', ['drop-column'])])
s.mig('orders_customer_fk_named', ['ALTER TABLE order_lines ADD CONSTRAINT order_lines_qty_small CHECK (qty < 1000) NOT VALID'])
s.mig('order_lines_qty_validate', ['ALTER TABLE order_lines VALIDATE CONSTRAINT order_lines_qty_small'])
s.mig('payments', ['CREATE TABLE payments (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id bigint NOT NULL, amount_cents bigint NOT NULL, paid_at timestamptz)',
    'ALTER TABLE payments ADD CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)',
    'CREATE INDEX payments_order_idx ON payments (order_id)'])
s.mig('payments_paid_idx', ['DROP INDEX CONCURRENTLY IF EXISTS payments_paid_idx', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS payments_paid_idx ON payments (paid_at)'])
s.mig('refunds', ['CREATE TABLE refunds (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payment_id bigint NOT NULL REFERENCES payments (id), amount_cents bigint NOT NULL)'])
s.mig('refunds_payment_idx', ['CREATE INDEX CONCURRENTLY refunds_payment_idx ON refunds (payment_id)'])
s.mig('orders_note', ['ALTER TABLE orders ADD COLUMN note varchar(200)'])
s.mig('orders_note_wider', [('ALTER TABLE orders ALTER COLUMN note TYPE varchar(500)', ['column-type-change'])])
s.mig('orders_note_text', [('ALTER TABLE orders ALTER COLUMN note TYPE text', ['column-type-change'])])
s.mig('orders_status_check', ['ALTER TABLE orders ADD CONSTRAINT orders_status_known CHECK (status IN (\'new\', \'paid\', \'shipped\', \'cancelled\')) NOT VALID'])
s.mig('orders_status_validate', ['ALTER TABLE orders VALIDATE CONSTRAINT orders_status_known'])
s.mig('orders_old_status_idx_drop', ['DROP INDEX CONCURRENTLY orders_status_idx'])
s.mig('orders_status_partial_idx', ['CREATE INDEX CONCURRENTLY orders_open_idx ON orders (created_at) WHERE status <> \'shipped\''])
s.mig('shipments', ['CREATE TABLE shipments (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id), carrier text NOT NULL)'])
s.mig('shipments_tracking', ['ALTER TABLE shipments ADD COLUMN tracking text NOT NULL DEFAULT \'\''])
s.mig('shipments_tracking_default_drop', ['ALTER TABLE shipments ALTER COLUMN tracking DROP DEFAULT'])
s.mig('customers_tier', ['CREATE TYPE customer_tier AS ENUM (\'basic\', \'gold\')', 'ALTER TABLE customers ADD COLUMN tier customer_tier NOT NULL DEFAULT \'basic\''])
s.mig('customer_tier_platinum', ['ALTER TYPE customer_tier ADD VALUE IF NOT EXISTS \'platinum\''])
s.mig('orders_lock_timeout_off', [('SET lock_timeout = 0', []), ('ALTER TABLE orders ADD COLUMN channel text', ['lock-timeout-missing'])])
s.mig('orders_reindex', [('REINDEX INDEX orders_customer_idx', ['index-without-concurrently'])])
s.mig('orders_customer_idx_replace', ['CREATE INDEX CONCURRENTLY orders_customer_created_idx ON orders (customer_id, created_at)'])
s.mig('stats_view', ['CREATE MATERIALIZED VIEW order_stats AS SELECT customer_id, count(*) AS orders FROM orders GROUP BY customer_id'])
s.mig('stats_view_idx', ['CREATE UNIQUE INDEX CONCURRENTLY order_stats_customer_idx ON order_stats (customer_id)'])
s.mig('stats_refresh', ['REFRESH MATERIALIZED VIEW CONCURRENTLY order_stats'])
s.mig('comments_on', ['COMMENT ON TABLE orders IS \'one row per checkout\'', 'COMMENT ON COLUMN orders.total_cents IS \'deprecated: total_cents_wide\''])
s.mig('grants', ['DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \'reporting\') THEN CREATE ROLE reporting NOLOGIN; END IF; END $$', 'GRANT SELECT ON orders, customers TO reporting'])
s.mig('orders_fillfactor', ['ALTER TABLE orders SET (fillfactor = 90)'])
s.mig('orders_autovacuum', ['ALTER TABLE orders SET (autovacuum_vacuum_scale_factor = 0.05)'])
total += write(s)

# 3. Schema-qualified "enterprise" style: an app schema, functions, DO blocks, partitions, repeatables.
s = Set('schema-qualified', schema='billing')
t = s.t
s.mig('schema', ['CREATE SCHEMA IF NOT EXISTS billing'])
s.mig('invoices', ['CREATE TABLE billing.invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id int NOT NULL, number text NOT NULL, amount numeric(12,2) NOT NULL, issued_on date NOT NULL)'])
s.mig('tenants', ['CREATE TABLE billing.tenants (id int PRIMARY KEY, name text NOT NULL)'])
s.mig('invoice_tenant_fk', [('ALTER TABLE billing.invoices ADD CONSTRAINT invoices_tenant_fk FOREIGN KEY (tenant_id) REFERENCES billing.tenants (id)', ['constraint-without-not-valid'])])
s.mig('invoice_number_unique', [('ALTER TABLE billing.invoices ADD CONSTRAINT invoices_number_key UNIQUE (tenant_id, number)', ['unique-without-index'])])
s.mig('events', ['CREATE TABLE billing.events (id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz NOT NULL, payload jsonb NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)',
    "CREATE TABLE billing.events_2026 PARTITION OF billing.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"])
s.mig('events_2027', ["CREATE TABLE billing.events_2027 PARTITION OF billing.events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')"])
s.mig('events_payload_idx', ['CREATE INDEX CONCURRENTLY events_2026_payload_idx ON billing.events_2026 USING gin (payload)'])
s.mig('invoice_amount_fn', ['''CREATE OR REPLACE FUNCTION billing.invoice_total(p_tenant int) RETURNS numeric LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(amount), 0) FROM billing.invoices WHERE tenant_id = p_tenant
$$'''])
s.mig('invoice_status', ['ALTER TABLE billing.invoices ADD COLUMN status text NOT NULL DEFAULT \'open\''])
s.mig('invoice_status_idx', [('CREATE INDEX invoices_status_idx ON billing.invoices (status)', ['index-without-concurrently'])])
s.mig('invoice_amount_precision', [('ALTER TABLE billing.invoices ALTER COLUMN amount TYPE numeric(14,2)', ['column-type-change'])])
s.mig('tenant_plan', ['ALTER TABLE billing.tenants ADD COLUMN plan text'])
s.mig('tenant_plan_backfill', [("UPDATE billing.tenants SET plan = 'free'", ['unbatched-backfill'])])
s.mig('tenant_plan_check', ["ALTER TABLE billing.tenants ADD CONSTRAINT tenants_plan_known CHECK (plan IN ('free', 'pro')) NOT VALID"])
s.mig('tenant_rename', [('ALTER TABLE billing.tenants RENAME TO accounts', ['rename-table'])])
s.mig('tenant_view', ['CREATE VIEW billing.tenants AS SELECT * FROM billing.accounts'])
s.mig('invoice_currency', ['ALTER TABLE billing.invoices ADD COLUMN currency text'])
s.mig('invoice_currency_dynamic', [("DO $$ BEGIN EXECUTE 'ALTER TABLE billing.invoices ALTER COLUMN issued_on TYPE timestamptz'; END $$", ['table-rewrite'])])
s.mig('invoice_seq', [('ALTER TABLE billing.invoices ADD COLUMN seq bigserial', ['volatile-default'])])
s.mig('invoice_search', [("ALTER TABLE billing.invoices ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', number)) STORED", ['table-rewrite'])])
s.mig('accounts_code', [('ALTER TABLE billing.accounts ADD COLUMN code text NOT NULL', ['add-column-not-null-without-default'])])
s.mig('accounts_name_not_null', ["ALTER TABLE billing.accounts ADD CONSTRAINT accounts_name_nn CHECK (name IS NOT NULL) NOT VALID"])
s.mig('accounts_name_validate', ['ALTER TABLE billing.accounts VALIDATE CONSTRAINT accounts_name_nn'])
s.mig('accounts_name_set_not_null', ['ALTER TABLE billing.accounts ALTER COLUMN name SET NOT NULL'])
s.mig('ledger', ['CREATE TABLE billing.ledger (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id int NOT NULL, delta numeric(14,2) NOT NULL)',
    'INSERT INTO billing.ledger (account_id, delta) SELECT tenant_id, amount FROM billing.invoices'])
s.mig('ledger_account_idx', ['CREATE INDEX CONCURRENTLY ledger_account_idx ON billing.ledger (account_id)'])
s.mig('ledger_account_fk', ['ALTER TABLE billing.ledger ADD CONSTRAINT ledger_account_fk FOREIGN KEY (account_id) REFERENCES billing.accounts (id) NOT VALID'])
s.mig('ledger_cleanup', [('DELETE FROM billing.ledger', ['unbatched-backfill'])])
s.mig('ledger_pk_swap', [('ALTER TABLE billing.ledger DROP CONSTRAINT ledger_pkey', []), ('ALTER TABLE billing.ledger ADD PRIMARY KEY (id, account_id)', ['unique-without-index'])])
s.mig('invoices_cluster', [('CLUSTER billing.invoices USING invoices_pkey', ['table-rewrite'])])
s.mig('drop_events_2026', [('DROP TABLE billing.events_2026', ['drop-table'])])
s.mig('invoices_notes', ['ALTER TABLE billing.invoices ADD COLUMN notes text[] NOT NULL DEFAULT \'{}\''])
s.mig('accounts_email', ['ALTER TABLE billing.accounts ADD COLUMN email text', ('CREATE INDEX accounts_email_idx ON billing.accounts (email)', ['index-without-concurrently'])])
s.mig('accounts_email_rename', [('ALTER TABLE billing.accounts RENAME COLUMN email TO contact_email', ['rename-column']),
    ("UPDATE billing.accounts SET contact_email = lower(contact_email)", ['unbatched-backfill'])])
s.mig('drop_tenant_view', [('DROP VIEW billing.tenants', [])])
s.mig('drop_missing_index', ['DROP INDEX IF EXISTS billing.never_created_idx'])
s.mig('accounts_plan_idx', ['CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_plan_idx ON billing.accounts (plan)', 'CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_code_idx ON billing.accounts (code)'])
s.files[-1] = (s.files[-1][0], s.files[-1][1], [(s.files[-1][0], 1, 'concurrently-if-not-exists'), (s.files[-1][0], 2, 'concurrently-if-not-exists')])
s.mig('invoices_tenant_idx_mixed', ['ALTER TABLE billing.invoices ADD COLUMN paid boolean', ('CREATE INDEX CONCURRENTLY invoices_paid_idx ON billing.invoices (paid)', ['concurrently-in-transaction'])])
s.mig('invoices_grant', ['DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \'billing_reader\') THEN CREATE ROLE billing_reader NOLOGIN; END IF; END $$', 'GRANT USAGE ON SCHEMA billing TO billing_reader'])
s.mig('invoices_truncate_staging', ['CREATE TABLE billing.staging (line text)', 'TRUNCATE billing.staging'])
s.mig('staging_load', ['INSERT INTO billing.staging VALUES (\'a\'), (\'b\')'])
s.mig('staging_drop', [('DROP TABLE billing.staging', ['drop-table'])])
total += write(s)

# 4. Big-bang legacy: one team, few rules known; statements packed in large files.
s = Set('big-bang')
s.mig('init', ['CREATE TABLE product (id serial PRIMARY KEY, name varchar(50) NOT NULL, price int, category varchar(30))',
    'CREATE TABLE stock (product_id int NOT NULL, warehouse varchar(10) NOT NULL, qty int NOT NULL DEFAULT 0)',
    'CREATE TABLE supplier (id serial PRIMARY KEY, name text)',
    'CREATE INDEX stock_product_idx ON stock (product_id)'])
s.mig('seed', ["INSERT INTO supplier (name) VALUES ('acme'), ('globex')", "INSERT INTO product (name, price, category) VALUES ('bolt', 10, 'hw'), ('nut', 5, 'hw')"])
s.mig('release_2', [('ALTER TABLE product ADD COLUMN supplier_id int REFERENCES supplier (id)', []),
    ('ALTER TABLE product ALTER COLUMN price TYPE numeric(10,2)', ['column-type-change']),
    ('CREATE INDEX product_category_idx ON product (category)', ['index-without-concurrently']),
    ("UPDATE product SET supplier_id = 1", ['unbatched-backfill'])])
s.mig('release_3', [('ALTER TABLE stock ADD CONSTRAINT stock_pk PRIMARY KEY (product_id, warehouse)', ['unique-without-index']),
    ('ALTER TABLE stock ADD CONSTRAINT stock_product_fk FOREIGN KEY (product_id) REFERENCES product (id)', ['constraint-without-not-valid']),
    ('ALTER TABLE stock ALTER COLUMN warehouse TYPE varchar(20)', ['column-type-change'])])
s.mig('release_4', [('ALTER TABLE product RENAME COLUMN category TO category_code', ['rename-column']),
    ('ALTER TABLE product ALTER COLUMN name TYPE text', ['column-type-change']),
    ('ALTER TABLE product ALTER COLUMN category_code SET NOT NULL', ['set-not-null'])])
s.mig('release_5', [('ALTER TABLE supplier RENAME TO vendor', ['rename-table']),
    ("UPDATE vendor SET name = upper(name)", ['unbatched-backfill'])])
s.mig('release_6', [('ALTER TABLE product ALTER COLUMN price TYPE numeric(12,2)', ['column-type-change']),
    ('ALTER TABLE product ALTER COLUMN id TYPE bigint', ['column-type-change'])])
s.mig('release_7', [('ALTER TABLE stock DROP COLUMN qty', ['drop-column']), ('ALTER TABLE stock ADD COLUMN quantity int NOT NULL DEFAULT 0', [])])
s.mig('release_8', [('DROP INDEX stock_product_idx', ['index-without-concurrently']), ('CREATE INDEX stock_warehouse_idx ON stock (warehouse)', ['index-without-concurrently'])])
s.mig('release_9', [('ALTER TABLE stock ADD COLUMN bin text NOT NULL', ['add-column-not-null-without-default']), ('ALTER TABLE vendor ADD COLUMN rating int', [])])
s.mig('release_10', [("UPDATE product SET price = price * 1.1 WHERE category_code = 'hw'", ['unbatched-backfill'])])
s.mig('release_11', [('ALTER TABLE product ADD COLUMN created timestamptz NOT NULL DEFAULT clock_timestamp()', ['volatile-default'])])
s.mig('release_12', [('ALTER TABLE stock DROP COLUMN IF EXISTS qty', [])])
s.mig('release_13', [('DROP TABLE IF EXISTS legacy_import', [])])
s.mig('release_14', [('CREATE TABLE audit (id bigserial PRIMARY KEY, what text)', []), ('CREATE INDEX audit_what_idx ON audit (what)', [])])
s.mig('release_15', [('ALTER TABLE audit ADD COLUMN at timestamptz DEFAULT now()', [])])
s.mig('release_16', [('ALTER TABLE audit ALTER COLUMN what SET NOT NULL', ['set-not-null']), ('DELETE FROM audit WHERE what IS NULL', ['unbatched-backfill'])])
s.mig('release_17', [('CREATE UNIQUE INDEX product_name_key ON product (name)', ['index-without-concurrently'])])
s.mig('release_18', [('ALTER TABLE product ADD CONSTRAINT product_name_unique UNIQUE USING INDEX product_name_key', [])])
s.mig('release_19', [('ALTER TABLE vendor ADD CONSTRAINT vendor_rating_range CHECK (rating BETWEEN 0 AND 5)', ['constraint-without-not-valid'])])
s.mig('release_20', [('TRUNCATE audit', [])])
s.mig('release_21', [('ALTER TABLE audit ADD COLUMN id2 int GENERATED ALWAYS AS IDENTITY', ['table-rewrite'])])
s.mig('release_22', [('DROP TABLE audit', ['drop-table'])])
s.mig('release_23', [('ALTER TABLE product DROP COLUMN supplier_id', ['drop-column'])])
s.mig('release_24', [("UPDATE stock SET warehouse = 'main' WHERE warehouse = 'mn'", [])])
s.mig('release_25', [('CREATE INDEX IF NOT EXISTS product_price_idx ON product (price)', ['index-without-concurrently'])])
s.mig('release_26', [('ALTER TABLE product ALTER COLUMN price SET DEFAULT 0', [])])
s.mig('release_27', [('ALTER TABLE product ALTER COLUMN price DROP NOT NULL', [])])
s.mig('release_28', [("UPDATE product SET price = 0 WHERE price IS NULL", ['unbatched-backfill'])])
s.mig('release_29', [('CREATE OR REPLACE VIEW product_stock AS SELECT p.id, p.name, s.warehouse, s.quantity FROM product p JOIN stock s ON s.product_id = p.id', [])])
s.mig('release_30', [('ALTER TABLE vendor ADD COLUMN country char(2)', []), ("UPDATE vendor SET country = 'de' WHERE id > 0", [])])
s.mig('release_31', [('ALTER TABLE vendor ALTER COLUMN country TYPE varchar(2)', ['column-type-change'])])
s.mig('release_32', [('ALTER TABLE vendor ALTER COLUMN rating TYPE bigint', ['column-type-change']), ('ALTER TABLE vendor ALTER COLUMN country TYPE varchar(10)', ['column-type-change'])])
s.mig('release_33', [('REINDEX TABLE stock', ['index-without-concurrently'])])
s.mig('release_34', [('ALTER TABLE product ADD COLUMN sku text NOT NULL DEFAULT md5(random()::text)', ['volatile-default'])])
s.mig('release_35', [('ALTER TABLE product ADD COLUMN weight real NOT NULL DEFAULT 0', [])])
s.mig('release_36', [('ALTER TABLE stock ADD COLUMN note text', [])])
s.mig('release_37', [('ALTER TABLE stock VALIDATE CONSTRAINT stock_product_fk', [])])
s.mig('release_38', [("COMMENT ON TABLE stock IS 'per warehouse'", [])])
s.mig('release_39', [('ALTER TABLE product ALTER COLUMN sku DROP DEFAULT', [])])
s.mig('release_40', [('ALTER TABLE product RENAME CONSTRAINT product_name_unique TO product_name_key2', [])])
total += write(s)

# 5. Repeatable-heavy style: views and functions rebuilt on every change, plus ordinary versioned files.
s = Set('repeatables')
s.mig('core', ['CREATE TABLE app_user (id bigint PRIMARY KEY, login text NOT NULL, active boolean NOT NULL DEFAULT true)',
    'CREATE TABLE app_session (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES app_user (id), started timestamptz NOT NULL DEFAULT now())'])
for i in range(1, 31):
    if i % 5 == 0:
        s.mig('user_attr_%d' % i, ['ALTER TABLE app_user ADD COLUMN attr_%d text' % i])
    elif i % 5 == 1:
        s.mig('session_attr_%d' % i, ['ALTER TABLE app_session ADD COLUMN attr_%d int NOT NULL DEFAULT %d' % (i, i)])
    elif i % 5 == 2:
        s.mig('session_idx_%d' % i, ['CREATE INDEX CONCURRENTLY app_session_attr_%d_idx ON app_session (attr_%d)' % (i - 1, i - 1)])
    elif i % 5 == 3:
        s.mig('user_idx_%d' % i, [('CREATE INDEX app_user_attr_%d_idx ON app_user (login, id)' % i, ['index-without-concurrently'])])
    else:
        s.mig('user_check_%d' % i, [("ALTER TABLE app_user ADD CONSTRAINT app_user_login_len_%d CHECK (length(login) < %d)" % (i, 100 + i), ['constraint-without-not-valid'])])
s.mig('active_users', ['CREATE OR REPLACE VIEW active_users AS SELECT id, login FROM app_user WHERE active'], prefix='R')
s.mig('user_login_fn', ['''CREATE OR REPLACE FUNCTION user_login(p_id bigint) RETURNS text LANGUAGE sql STABLE AS $$ SELECT login FROM app_user WHERE id = p_id $$'''], prefix='R')
s.mig('session_counts', ['CREATE OR REPLACE VIEW session_counts AS SELECT user_id, count(*) AS sessions FROM app_session GROUP BY user_id'], prefix='R')
s.mig('refresh_inactive', [("UPDATE app_user SET active = false WHERE id NOT IN (SELECT user_id FROM app_session)", [])], prefix='R')
total += write(s)

print(total, 'migrations')
