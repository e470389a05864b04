package io.kizuki.incident.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.incident.rest.Problem.FieldError;
import io.kizuki.ledger.Severity;

class AlertmanagerNormalizerTest {

    private static final Set<String> SHOP = Set.of("shop");
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void normalisesEachAlertWithTheGroupAsDedupKey() throws Exception {
        var result = AlertmanagerNormalizer.normalize(json("""
                {"version":"4","groupKey":"{}:{alertname=\\"DiskFull\\"}","status":"firing","alerts":[
                 {"status":"firing","labels":{"alertname":"DiskFull","service":"shop-db","severity":"critical"},
                  "annotations":{"summary":"Disk 95% full"},"startsAt":"2026-11-22T03:00:00Z",
                  "endsAt":"0001-01-01T00:00:00Z","fingerprint":"f1"},
                 {"status":"resolved","labels":{"alertname":"DiskFull","job":"db"},
                  "startsAt":"2026-11-22T02:00:00+09:00","endsAt":"2026-11-22T03:00:00Z"}]}
                """), Instant.EPOCH, UUID::randomUUID, SHOP);

        assertThat(result.errors()).isEmpty();
        assertThat(result.signals()).hasSize(2);
        var first = result.signals().get(0);
        assertThat(first.dedupKey()).startsWith("alertmanager:").isEqualTo(result.signals().get(1).dedupKey());
        assertThat(first.title()).isEqualTo("Disk 95% full");
        assertThat(first.service()).isEqualTo("shop-db");
        assertThat(first.severity()).isEqualTo(Severity.SEV1);
        assertThat(first.endsAt()).isNull();
        assertThat(first.original().get("fingerprint").asText()).isEqualTo("f1");
        assertThat(first.product()).isEqualTo("shop");
        var second = result.signals().get(1);
        assertThat(second.service()).isEqualTo("db");
        assertThat(second.fingerprint()).hasSize(16);
        assertThat(second.startsAt()).isEqualTo(Instant.parse("2026-11-21T17:00:00Z"));
    }

    @Test
    void namesEveryFieldAtFault() throws Exception {
        var result = AlertmanagerNormalizer.normalize(json("""
                {"version":"4","alerts":[
                 {"status":"burning","labels":{"alertname":3},"startsAt":"yesterday"}]}
                """), Instant.EPOCH, UUID::randomUUID, SHOP);

        assertThat(result.signals()).isEmpty();
        assertThat(result.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("groupKey", "alerts[0].status", "alerts[0].labels.alertname", "alerts[0].startsAt");
    }

    @Test
    void rejectsAnotherWebhookVersionAndMissingAlerts() throws Exception {
        var result = AlertmanagerNormalizer.normalize(json("""
                {"version":"3","groupKey":"","alerts":[]}
                """), Instant.EPOCH, UUID::randomUUID, SHOP);

        assertThat(result.errors()).extracting(FieldError::field).containsExactly("version", "groupKey", "alerts");
    }

    @Test
    void refusesAlertsOfAProductTheCallerMayNotPushFor() throws Exception {
        var result = AlertmanagerNormalizer.normalize(json("""
                {"version":"4","groupKey":"g","alerts":[
                 {"status":"firing","labels":{"alertname":"X","product":"payments"},"startsAt":"2026-11-22T03:00:00Z"}]}
                """), Instant.EPOCH, UUID::randomUUID, SHOP);

        assertThat(result.signals()).isEmpty();
        assertThat(result.forbidden()).extracting(FieldError::field).containsExactly("alerts[0].labels.product");
    }

    @Test
    void keepsProductsApartInTheDedupKey() throws Exception {
        String body = """
                {"version":"4","groupKey":"g","alerts":[
                 {"status":"firing","labels":{"alertname":"X","product":"%s"},"startsAt":"2026-11-22T03:00:00Z"}]}
                """;
        Set<String> both = Set.of("shop", "payments");

        var shop = AlertmanagerNormalizer.normalize(json(body.formatted("shop")), Instant.EPOCH, UUID::randomUUID, both);
        var payments = AlertmanagerNormalizer.normalize(json(body.formatted("payments")), Instant.EPOCH,
                UUID::randomUUID, both);

        assertThat(shop.signals().get(0).dedupKey()).isNotEqualTo(payments.signals().get(0).dedupKey());
    }

    @Test
    void refusesCallersBoundToNoProduct() throws Exception {
        var result = AlertmanagerNormalizer.normalize(json("""
                {"version":"4","groupKey":"g","alerts":[
                 {"status":"firing","labels":{"alertname":"X","product":"shop"},"startsAt":"2026-11-22T03:00:00Z"}]}
                """), Instant.EPOCH, UUID::randomUUID, Set.of());

        assertThat(result.forbidden()).extracting(FieldError::field).containsExactly("alerts[0].labels.product");
    }

    @Test
    void asksForTheProductWhenTheCallerHasSeveral() throws Exception {
        var result = AlertmanagerNormalizer.normalize(json("""
                {"version":"4","groupKey":"g","alerts":[
                 {"status":"firing","labels":{"alertname":"X"},"startsAt":"2026-11-22T03:00:00Z"}]}
                """), Instant.EPOCH, UUID::randomUUID, Set.of("shop", "payments"));

        assertThat(result.errors()).extracting(FieldError::field).containsExactly("alerts[0].labels.product");
    }

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }
}
