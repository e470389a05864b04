package io.kizuki.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak server, from {@code org.keycloak:keycloak-quarkus-dist} in Maven Central, run as a child process in
 * development mode with its database in the local stack's PostgreSQL (so that it keeps what an admin changed) and the
 * Kizuki realm imported when it does not exist yet (an existing realm is left as it is).
 */
public final class EmbeddedKeycloak implements AutoCloseable {

    public static final String REALM = "kizuki";

    private final ChildProcess process;
    private final int port;

    private EmbeddedKeycloak(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Dev-only administrator of Keycloak's master realm (used by tests to set up fixtures). */
    public static final String BOOTSTRAP_ADMIN = "kcadmin";

    public static final String BOOTSTRAP_ADMIN_PASSWORD = "kcadmin";

    /** Raw Quarkus settings of Keycloak's database pool (Keycloak has no option of its own for them). */
    static final String POOL_VALIDATION = "quarkus.datasource.jdbc.validate-on-borrow=true\n";

    /**
     * Starts Keycloak with the Kizuki realm plus its dev-only overlay ({@code kizuki-realm-dev.json} beside it), the
     * console's client letting the console at each of {@code consoleOrigins} sign in; call {@link #awaitReady()} before use
     * (it takes 20–60 s, so start it first).
     */
    public static EmbeddedKeycloak start(
            int port,
            Path realmFile,
            Path cacheDir,
            Path logDir,
            EmbeddedPostgresServer database,
            List<String> consoleOrigins) {
        Path home = unpack(cacheDir);
        try {
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            RealmOverlay.write(
                    realmFile,
                    realmFile.resolveSibling("kizuki-realm-dev.json"),
                    imports.resolve("kizuki-realm.json"),
                    consoleOrigins);
            // a pooled connection PostgreSQL closed (it restarted) is checked before use and replaced, instead of
            // failing a sign-in or a service account's token with a 500 once per stale connection
            Files.writeString(home.resolve("conf/quarkus.properties"), POOL_VALIDATION);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the Kizuki realm", e);
        }
        // One issuer whichever local address a client uses (localhost or 127.0.0.1): the services accept only
        // http://localhost:<port>/realms/kizuki, so Keycloak must not derive the issuer from the request's host.
        List<String> command = List.of(
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-port=" + port,
                "--hostname=http://localhost:" + port,
                "--hostname-backchannel-dynamic=true",
                "--import-realm",
                "--db=postgres",
                "--db-url=" + database.jdbcUrl(EmbeddedPostgresServer.KEYCLOAK_DATABASE),
                "--db-username=" + EmbeddedPostgresServer.USER,
                "--db-password=" + EmbeddedPostgresServer.PASSWORD,
                "--cache=local");
        Map<String, String> environment = Map.of(
                "JAVA_HOME",
                System.getProperty("java.home"),
                "JAVA_OPTS_KC_HEAP",
                "-Xms64m -Xmx512m",
                "KC_BOOTSTRAP_ADMIN_USERNAME",
                BOOTSTRAP_ADMIN,
                "KC_BOOTSTRAP_ADMIN_PASSWORD",
                BOOTSTRAP_ADMIN_PASSWORD);
        return new EmbeddedKeycloak(
                ChildProcess.start("Keycloak", command, environment, home, logDir.resolve("keycloak.log")), port);
    }

    /** Keycloak's process id. */
    public long pid() {
        return process.pid();
    }

    public void awaitReady() {
        process.awaitHttpOk(URI.create(issuer() + "/.well-known/openid-configuration"), Duration.ofMinutes(4));
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public String issuer() {
        return url() + "/realms/" + REALM;
    }

    /** Unpacks the distribution once into the cache folder; later starts reuse it and its build. */
    static Path unpack(Path cacheDir) {
        Properties props = new Properties();
        try (InputStream in = EmbeddedKeycloak.class.getResourceAsStream("/kizuki-embedded.properties")) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = props.getProperty("keycloak.version");
        Path dist = Path.of(props.getProperty("keycloak.dist"));
        Path home = cacheDir.resolve("keycloak-" + version);
        Path marker = home.resolve(".kizuki-unpacked");
        if (Files.exists(marker)) {
            return home;
        }
        if (!Files.isRegularFile(dist)) {
            throw new IllegalStateException("Keycloak distribution not found at " + dist + ": run the Maven build");
        }
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(dist))) {
            String prefix = "keycloak-" + version + "/";
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName().startsWith(prefix)
                        ? entry.getName().substring(prefix.length())
                        : entry.getName();
                Path target = home.resolve(name).normalize();
                if (!target.startsWith(home)) {
                    throw new IllegalStateException("unexpected entry in Keycloak distribution: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                    if (name.endsWith(".sh")) {
                        Files.setPosixFilePermissions(
                                target,
                                EnumSet.of(
                                        PosixFilePermission.OWNER_READ,
                                        PosixFilePermission.OWNER_WRITE,
                                        PosixFilePermission.OWNER_EXECUTE,
                                        PosixFilePermission.GROUP_READ,
                                        PosixFilePermission.GROUP_EXECUTE,
                                        PosixFilePermission.OTHERS_READ,
                                        PosixFilePermission.OTHERS_EXECUTE));
                    }
                }
            }
            Files.createFile(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack Keycloak into " + home, e);
        }
        return home;
    }

    @Override
    public void close() {
        process.close();
    }
}
