#!/bin/sh
# Run by docker-compose.yml's temporal-schema service (temporalio/admin-tools): sets up Temporal's two
# databases on first start and applies newer schema versions on later ones. postgres' init script
# (compose-init-temporal-db.sql) has created the databases.
set -eu
schema=/etc/temporal/schema/postgresql/v12
for db in "$DBNAME" "$VISIBILITY_DBNAME"; do
  tool="temporal-sql-tool --plugin $DB --ep $POSTGRES_SEEDS -p $DB_PORT -u $POSTGRES_USER --db $db"  # password: SQL_PASSWORD
  # The version table exists after the first run: then only the update below has work to do.
  $tool setup-schema -v 0.0 2>/dev/null || echo "$db: schema already set up"
  case "$db" in "$VISIBILITY_DBNAME") dir=visibility ;; *) dir=temporal ;; esac
  $tool update-schema -d "$schema/$dir/versioned"
done
echo "Temporal schema up to date"
