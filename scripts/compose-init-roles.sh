#!/bin/sh
# Run once by postgres' entrypoint (docker-compose.yml) when the volume is new: the two roles of the app
# (README "Audit trail") and its database, owned by the owner role. `npm run migrate` (the compose
# service migrate) then creates the tables as the owner and grants the app's role its rights (db/app-role.ts).
set -eu
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres \
  -v owner_pw="$SCIEZKA_OWNER_PASSWORD" -v app_pw="$SCIEZKA_APP_PASSWORD" <<'SQL'
create role sciezka_owner login password :'owner_pw';
create role sciezka_app login password :'app_pw';
create database sciezka owner sciezka_owner;
\connect sciezka
-- PostgreSQL 15: public belongs to the database's owner and nobody else may create in it.
revoke all on schema public from public;
grant usage on schema public to sciezka_app;
SQL
