#!/bin/bash
# Run once by the postgres image on an empty data directory: report-service's and Keycloak's databases, each with
# its own owner. Passwords from the environment (Secret kizuki-postgres, or the compose file's .env).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v report_password="$KIZUKI_REPORT_DB_PASSWORD" -v keycloak_password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
CREATE ROLE kizuki_report LOGIN PASSWORD :'report_password';
CREATE DATABASE kizuki_report OWNER kizuki_report;
CREATE ROLE keycloak LOGIN PASSWORD :'keycloak_password';
CREATE DATABASE keycloak OWNER keycloak;
SQL
