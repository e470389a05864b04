package io.kizuki.report.config;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.web.DevelopmentDefaults;

/** The embedded PostgreSQL's password must not be used in production. */
@Singleton
public class EmbeddedDatabaseDefault implements DevelopmentDefaults {

    static final String DEV_DB_PASSWORD = "postgres";

    private final Optional<String> password;

    public EmbeddedDatabaseDefault(@ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.password = password;
    }

    @Override
    public List<String> found() {
        return password.filter(DEV_DB_PASSWORD::equals).map(p -> List.of("the database password is the embedded "
                + "PostgreSQL's; set KIZUKI_REPORT_DB_PASSWORD")).orElse(List.of());
    }
}
