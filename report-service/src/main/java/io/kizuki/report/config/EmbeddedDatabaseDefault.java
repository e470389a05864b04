package io.kizuki.report.config;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentValue;

/** The embedded PostgreSQL's password must not be used in production. */
@Singleton
public class EmbeddedDatabaseDefault extends DevelopmentValue {

    static final String DEV_DB_PASSWORD = "postgres";

    public EmbeddedDatabaseDefault(@ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        super(
                password,
                DEV_DB_PASSWORD,
                "the database password is the embedded PostgreSQL's; set " + "KIZUKI_REPORT_DB_PASSWORD");
    }
}
