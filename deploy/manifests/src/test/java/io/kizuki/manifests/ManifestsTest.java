package io.kizuki.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.kizuki.embedded.KizukiTopics;
import io.kizuki.ledger.Topics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * The manifests cannot be applied here (no cluster, no Docker), so the build checks them: every Kubernetes document
 * is read into the Kubernetes and Strimzi API model, and a field the model does not know fails (a typo in a key); the
 * compose file is read into the part of the compose specification it uses, with the same strictness; both are
 * checked against what the code expects (topics as KizukiTopics creates them, probes on {@code /q/health}, secrets
 * only from Secrets, files that exist).
 */
class ManifestsTest {

    private static final Path MANIFESTS =
            Path.of(System.getProperty("kizuki.manifests", ".")).toAbsolutePath();
    private static final Path KUBERNETES = MANIFESTS.resolve("kubernetes");
    private static final Path COMPOSE = MANIFESTS.resolve("compose/compose.yaml");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class));
    private static final List<String> SERVICES = List.of("incident-service", "notify-service", "report-service");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(SECRET|PASSWORD|TOKEN).*");

    // ---------------------------------------------------------------------------------------------- Kubernetes

    @Test
    void everyKubernetesDocumentIsAKnownKindWithNoFieldItsModelDoesNotKnow() throws IOException {
        Set<String> problems = new LinkedHashSet<>();
        Map<String, Object> resources = kubernetes();
        resources.forEach((where, resource) -> unknownFields(resource, where, problems));
        assertThat(problems).isEmpty();
        assertThat(resources).isNotEmpty();
    }

    @Test
    void theKustomizationListsEveryManifestAndItsFilesExist() throws IOException {
        JsonNode kustomization =
                YAML.readTree(KUBERNETES.resolve("kustomization.yaml").toFile());
        assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
        Set<String> listed = new TreeSet<>();
        kustomization.get("resources").forEach(resource -> listed.add(resource.asText()));
        Set<String> manifests = new TreeSet<>();
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            files.map(file -> file.getFileName().toString())
                    .filter(name ->
                            name.endsWith(".yaml") && !name.equals("kustomization.yaml") && !name.contains(".example."))
                    .forEach(manifests::add);
        }
        assertThat(listed).isEqualTo(manifests);
        kustomization.path("configMapGenerator").forEach(generator -> generator
                .path("files")
                .forEach(file -> assertThat(KUBERNETES.resolve(file.asText())).isRegularFile()));
        Set<String> images = new TreeSet<>();
        kustomization
                .path("images")
                .forEach(image -> images.add(image.get("name").asText()));
        assertThat(images)
                .containsExactlyInAnyOrder("kizuki/incident-service", "kizuki/notify-service", "kizuki/report-service");
    }

    @Test
    void theTopicsAreKizukiTopicsWithTheirRetentionAndOnePartitionCountForEveryKeyedTopic() throws IOException {
        Map<String, KafkaTopic> topics = new TreeMap<>();
        of(KafkaTopic.class).forEach(topic -> topics.put(topic.getSpec().getTopicName(), topic));
        List<NewTopic> expected = KizukiTopics.all(3);
        assertThat(topics.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(NewTopic::name).toList());
        Set<Integer> keyedPartitions = new TreeSet<>();
        for (NewTopic topic : expected) {
            KafkaTopic manifest = topics.get(topic.name());
            Map<String, Object> config = manifest.getSpec().getConfig();
            topic.configs().forEach((key, value) -> assertThat(String.valueOf(config.get(key)))
                    .as(topic.name() + " " + key)
                    .isEqualTo(value));
            assertThat(manifest.getSpec().getReplicas()).as(topic.name()).isEqualTo(3);
            assertThat(String.valueOf(config.get("min.insync.replicas")))
                    .as(topic.name())
                    .isEqualTo("2");
            if (topic.numPartitions() == 1) {
                assertThat(manifest.getSpec().getPartitions()).as(topic.name()).isEqualTo(1);
            } else {
                keyedPartitions.add(manifest.getSpec().getPartitions());
            }
        }
        assertThat(keyedPartitions).as("the keyed topics' partition counts").hasSize(1);
        assertThat(keyedPartitions.iterator().next()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void onlyIncidentServiceMayWriteTheLedger() throws IOException {
        Map<String, List<String>> writers = new TreeMap<>();
        for (KafkaUser user : of(KafkaUser.class)) {
            var authorization = (io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple)
                    user.getSpec().getAuthorization();
            authorization.getAcls().forEach(acl -> {
                if (acl.getResource() instanceof io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource topic
                        && Topics.LEDGER.startsWith(topic.getName())
                        && acl.getOperations().stream()
                                .anyMatch(op ->
                                        op.name().equals("WRITE") || op.name().equals("ALL"))) {
                    writers.computeIfAbsent(user.getMetadata().getName(), ignored -> new ArrayList<>())
                            .add(topic.getName());
                }
            });
        }
        // the backup user restores the ledger; no service but incident-service writes it
        assertThat(writers.keySet()).containsExactlyInAnyOrder("kizuki-incident-service", "kizuki-backup");
    }

    @Test
    void everyServiceProbesItsHealthTakesSecretsOnlyFromSecretsAndRequestsResources() throws IOException {
        Map<String, PodSpec> pods = new TreeMap<>();
        of(Deployment.class)
                .forEach(d -> pods.put(
                        d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        of(StatefulSet.class)
                .forEach(s -> pods.put(
                        s.getMetadata().getName(), s.getSpec().getTemplate().getSpec()));
        assertThat(pods).containsKeys(SERVICES.toArray(String[]::new));
        Map<String, Integer> ports = Map.of("incident-service", 8081, "notify-service", 8082, "report-service", 8083);
        for (String service : SERVICES) {
            Container container = pods.get(service).getContainers().getFirst();
            assertThat(container.getPorts().getFirst().getContainerPort())
                    .as(service)
                    .isEqualTo(ports.get(service));
            assertThat(path(container.getReadinessProbe())).as(service).isEqualTo("/q/health/ready");
            assertThat(path(container.getLivenessProbe())).as(service).isEqualTo("/q/health/live");
            assertThat(path(container.getStartupProbe())).as(service).isEqualTo("/q/health/started");
            assertThat(container.getResources().getRequests()).as(service).containsKeys("memory", "cpu");
            assertThat(container.getResources().getLimits()).as(service).containsKey("memory");
            Set<String> env = new TreeSet<>();
            for (EnvVar variable : container.getEnv()) {
                env.add(variable.getName());
                if (SECRET_NAME.matcher(variable.getName()).matches()) {
                    assertThat(variable.getValue())
                            .as(service + " " + variable.getName() + " is a literal")
                            .isNull();
                    assertThat(variable.getValueFrom().getSecretKeyRef())
                            .as(service + " " + variable.getName())
                            .isNotNull();
                }
            }
            assertThat(env).as(service).contains("KAFKA_BOOTSTRAP_SERVERS", "KIZUKI_OIDC_URL", "KIZUKI_CONSOLE_ORIGIN");
        }
        for (PodSpec pod : pods.values()) {
            for (Container container : pod.getContainers()) {
                for (EnvVar variable : container.getEnv()) {
                    if (SECRET_NAME.matcher(variable.getName()).matches()) {
                        assertThat(variable.getValue())
                                .as(container.getName() + " " + variable.getName())
                                .isNull();
                    }
                }
            }
        }
        assertThat(containerEnv(pods.get("report-service")))
                .contains(
                        "KIZUKI_REPORT_DB_URL",
                        "KIZUKI_REPORT_DB_USER",
                        "KIZUKI_REPORT_DB_PASSWORD",
                        "KIZUKI_REPORT_CLIENT_SECRET");
        assertThat(containerEnv(pods.get("notify-service")))
                .contains("KIZUKI_NOTIFY_CLIENT_SECRET", "KIZUKI_NOTIFY_ONCALL_FILE");
    }

    @Test
    void theNetworkIsClosedByDefaultAndEachPartReachesOnlyWhatItNeeds() throws IOException {
        Map<String, NetworkPolicy> policies = new TreeMap<>();
        of(NetworkPolicy.class)
                .forEach(policy -> policies.put(policy.getMetadata().getName(), policy));
        NetworkPolicy deny = policies.get("default-deny");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();

        Map<String, Integer> ports = Map.of("incident-service", 8081, "notify-service", 8082, "report-service", 8083);
        for (String service : SERVICES) {
            NetworkPolicy policy = policies.get(service);
            assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", service);
            assertThat(policy.getSpec().getIngress())
                    .as(service)
                    .singleElement()
                    .satisfies(
                            rule -> assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(
                                            port.getPort().getIntVal())
                                    .isEqualTo(ports.get(service))));
            Set<String> reaches = new TreeSet<>();
            policy.getSpec().getEgress().forEach(rule -> rule.getTo().forEach(peer -> reaches.add(name(peer))));
            Set<String> expected = new TreeSet<>(Set.of("kafka", "keycloak"));
            if (service.equals("report-service")) {
                expected.add("postgres");
            }
            if (service.equals("notify-service")) {
                expected.add("public internet");
            }
            assertThat(reaches).as(service + " reaches").isEqualTo(expected);
        }
        policies.get("notify-service").getSpec().getEgress().stream()
                .flatMap(rule -> rule.getTo().stream())
                .filter(peer -> peer.getIpBlock() != null)
                .forEach(peer -> assertThat(peer.getIpBlock().getExcept())
                        .as("no private or link-local (cloud metadata) address")
                        .contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"));
        Set<String> intoPostgres = new TreeSet<>();
        policies.get("postgres").getSpec().getIngress().forEach(rule -> rule.getFrom()
                .forEach(peer -> peer.getPodSelector()
                        .getMatchExpressions()
                        .forEach(expression -> intoPostgres.addAll(expression.getValues()))));
        assertThat(intoPostgres).containsExactlyInAnyOrder("report-service", "keycloak");
        Set<String> labelled = new TreeSet<>();
        of(Deployment.class)
                .forEach(d -> labelled.add(
                        d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name")));
        of(StatefulSet.class)
                .forEach(s -> labelled.add(
                        s.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name")));
        assertThat(policies).as("every workload has its own policy").containsKeys(labelled.toArray(String[]::new));
    }

    /** What a policy peer names: a workload by its name label, Kafka, or the public internet. */
    private static String name(NetworkPolicyPeer peer) {
        if (peer.getIpBlock() != null) {
            return "public internet";
        }
        Map<String, String> labels = peer.getPodSelector().getMatchLabels();
        return labels.containsKey("strimzi.io/cluster") ? "kafka" : labels.get("app.kubernetes.io/name");
    }

    @Test
    void theComposeDataStoresAreOnAnInternalNetworkOnly() throws IOException {
        Compose compose = compose();
        assertThat(compose.networks().get("data").internal()).isTrue();
        for (String store : List.of("kafka", "postgres", "topics")) {
            assertThat(compose.services().get(store).networks()).as(store).containsExactly("data");
            assertThat(compose.services().get(store).ports())
                    .as(store + " publishes no port")
                    .isNullOrEmpty();
        }
        for (String service : SERVICES) {
            assertThat(compose.services().get(service).networks())
                    .as(service)
                    .containsExactlyInAnyOrder("data", "edge");
        }
    }

    private static Set<String> containerEnv(PodSpec pod) {
        Set<String> names = new TreeSet<>();
        pod.getContainers().getFirst().getEnv().forEach(variable -> names.add(variable.getName()));
        return names;
    }

    private static String path(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }

    private static <T> List<T> of(Class<T> type) throws IOException {
        return kubernetes().values().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    /** Every document of every manifest (the example secrets too), typed by its apiVersion and kind. */
    private static Map<String, Object> kubernetes() throws IOException {
        Map<String, Object> resources = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(KUBERNETES)) {
            files = list.filter(file -> file.toString().endsWith(".yaml")
                            && !file.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            var parser = new YAMLFactory().createParser(file.toFile());
            List<JsonNode> documents = YAML.readValues(parser, JsonNode.class).readAll();
            int index = 0;
            for (JsonNode document : documents) {
                index++;
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String kind = document.path("apiVersion").asText() + "/"
                        + document.path("kind").asText();
                String where = file.getFileName() + " #" + index + " " + kind + " "
                        + document.path("metadata").path("name").asText();
                Class<?> type = KINDS.get(kind);
                assertThat(type).as(where + ": a kind the manifests may use").isNotNull();
                assertThat(document.path("metadata").path("namespace").asText())
                        .as(where)
                        .isIn("kizuki", "");
                resources.put(where, YAML.treeToValue(document, type));
            }
        }
        return resources;
    }

    /**
     * Walks a Kubernetes or Strimzi model object: whatever the model did not know landed in an
     * {@code additionalProperties} map; each such field is a problem.
     */
    private static void unknownFields(Object value, String where, Set<String> problems) {
        if (value == null
                || value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof Enum<?>) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, where + "." + key, problems));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                if (item == null) {
                    // a value the model has no constant for (an enum's forValue gives null)
                    problems.add(where + "[" + i + "]: a value the model does not know");
                }
                unknownFields(item, where + "[" + i++ + "]", problems);
            }
            return;
        }
        String type = value.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    problems.add(where + ": unknown field(s) " + unknown.keySet() + " in "
                            + value.getClass().getSimpleName());
                }
            } else {
                unknownFields(child, where + "." + property(getter.getName()), problems);
            }
        }
    }

    private static String property(String getter) {
        String name = getter.startsWith("is") ? getter.substring(2) : getter.substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    // ------------------------------------------------------------------------------------------------ compose

    /** The part of the compose specification the file uses; anything else in it is a mistake. */
    record Compose(
            String name,
            Map<String, ComposeService> services,
            Map<String, ComposeNetwork> networks,
            Map<String, Object> volumes) {}

    record ComposeNetwork(Boolean internal) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ComposeService(
            String image,
            Build build,
            List<String> command,
            List<String> entrypoint,
            Map<String, String> environment,
            List<EnvFile> envFile,
            List<String> ports,
            List<String> volumes,
            Map<String, DependsOn> dependsOn,
            Healthcheck healthcheck,
            String restart,
            List<String> networks) {}

    record Build(String context, String dockerfile) {}

    record EnvFile(String path, Boolean required) {}

    record DependsOn(Condition condition) {}

    enum Condition {
        service_started,
        service_healthy,
        service_completed_successfully
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Healthcheck(List<String> test, String interval, String timeout, Integer retries, String startPeriod) {}

    private static Compose compose() throws IOException {
        return YAML.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .readValue(COMPOSE.toFile(), Compose.class);
    }

    @Test
    void theComposeFileUsesOnlyWhatTheComposeSpecificationDefinesAndItsFilesExist() throws IOException {
        Compose compose = compose();
        Path dir = COMPOSE.getParent();
        assertThat(compose.services())
                .containsKeys(
                        "kafka",
                        "topics",
                        "postgres",
                        "keycloak",
                        "incident-service",
                        "notify-service",
                        "report-service");
        compose.services().forEach((name, service) -> {
            assertThat(service.image()).as(name + " image").isNotBlank();
            if (service.build() != null) {
                Path context = dir.resolve(service.build().context()).normalize();
                assertThat(context.resolve(service.build().dockerfile()))
                        .as(name + " Dockerfile")
                        .isRegularFile();
            }
            if (service.dependsOn() != null) {
                service.dependsOn().forEach((other, dependency) -> {
                    assertThat(compose.services())
                            .as(name + " depends on " + other)
                            .containsKey(other);
                    assertThat(dependency.condition())
                            .as(name + " depends on " + other)
                            .isNotNull();
                    if (dependency.condition() == Condition.service_healthy) {
                        assertThat(compose.services().get(other).healthcheck())
                                .as(other + " healthcheck")
                                .isNotNull();
                    }
                });
            }
            for (String volume : service.volumes() == null ? List.<String>of() : service.volumes()) {
                String source = volume.split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(dir.resolve(source).normalize())
                            .as(name + " mounts " + source)
                            .exists();
                } else if (!source.startsWith("$")) {
                    assertThat(compose.volumes()).as(name + " volume " + source).containsKey(source);
                }
            }
            (service.environment() == null ? Map.<String, String>of() : service.environment()).forEach((key, value) -> {
                if (SECRET_NAME.matcher(key).matches()) {
                    assertThat(value).as(name + " " + key + " comes from .env").startsWith("${");
                }
            });
        });
        for (String service : SERVICES) {
            assertThat(compose.services().get(service).environment())
                    .as(service)
                    .containsKeys("KAFKA_BOOTSTRAP_SERVERS", "KIZUKI_OIDC_URL", "KIZUKI_CONSOLE_ORIGIN");
        }
    }

    @Test
    void theComposeTopicsAreKizukiTopics() throws IOException {
        Map<String, String> created = new TreeMap<>();
        Matcher line = Pattern.compile("(?m)^create (\\S+) (\\d+)((?: \\S+=\\S+)+)$")
                .matcher(Files.readString(COMPOSE.resolveSibling("create-topics.sh")));
        while (line.find()) {
            created.put(
                    line.group(1),
                    line.group(2) + " "
                            + new TreeSet<>(List.of(line.group(3).trim().split(" "))));
        }
        Map<String, String> expected = new TreeMap<>();
        for (NewTopic topic : KizukiTopics.all(3)) {
            Set<String> configs = new TreeSet<>();
            topic.configs().forEach((key, value) -> configs.add(key + "=" + value));
            expected.put(topic.name(), topic.numPartitions() + " " + configs);
        }
        assertThat(created).isEqualTo(expected);
    }
}
