package io.kizuki.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;

import io.kizuki.ledger.event.IncidentAcknowledged;

class IsoInstantsTest {

    @Test
    void readsWhatInstantToStringWritesAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(42);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            int nanos =
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    };
            Instant instant = Instant.ofEpochSecond(random.nextLong(first, last + 1), nanos);
            String text = instant.toString();

            assertThat(IsoInstants.canonical(text)).as(text).isEqualTo(instant);
        }
    }

    @Test
    void readsEveryNumberOfFractionDigitsAsInstantParseDoes() {
        String fraction = "123456789";
        for (int places = 1; places <= 9; places++) {
            String text = "2024-02-29T23:59:59." + fraction.substring(0, places) + "Z";

            assertThat(IsoInstants.canonical(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesEverythingButTheCanonicalFormToInstantParse() {
        List<String> others = List.of(
                "2026-12-06T10:00:00+01:00",
                "2026-12-06t10:00:00z",
                "2026-12-06T10:00:00.Z",
                "2026-12-06T10:00:00.1234567890Z",
                "2026-12-06T10:00Z",
                "2026-12-06 10:00:00Z",
                "+12026-12-06T10:00:00Z",
                "2026-12-31T23:59:60Z",
                "2026-02-29T10:00:00Z",
                "2026-04-31T10:00:00Z",
                "2026-13-01T10:00:00Z",
                "2026-00-01T10:00:00Z",
                "2026-12-00T10:00:00Z",
                "2026-12-06T24:00:00Z",
                "2026-12-06T10:60:00Z",
                "2026-12-06T1a:00:00Z",
                " 2026-12-06T10:00:00Z",
                "");
        for (String text : others) {
            assertThat(IsoInstants.canonical(text)).as(text).isNull();
            assertSameAsInstantParse(text);
        }
    }

    private static void assertSameAsInstantParse(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> IsoInstants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(IsoInstants.parse(text)).as(text).isEqualTo(expected);
    }

    @Test
    void wireCodecsReadInstantsWithoutTheTimeModulesFormatter() throws Exception {
        var mapper = WireCodec.newMapper();
        var context = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createInstance(mapper.getDeserializationConfig(), null, null);

        assertThat(context.findRootValueDeserializer(mapper.constructType(Instant.class)))
                .isInstanceOf(IsoInstants.Deserializer.class);
    }

    @Test
    void decodesInstantsOfWireTypesInTheCanonicalFormAndInAnyOtherTheTimeModuleReads() throws Exception {
        var mapper = WireCodec.newMapper();
        for (String at : List.of("\"2026-12-06T09:00:00.5Z\"", "\"2026-12-06T10:00:00.5+01:00\"", "1796547600.5")) {
            byte[] json = ("{\"incidentId\":\"inc-1\",\"acknowledgedBy\":\"user:bob\",\"acknowledgedAt\":" + at + "}")
                    .getBytes(StandardCharsets.UTF_8);

            IncidentAcknowledged read = mapper.readValue(json, IncidentAcknowledged.class);

            assertThat(read.acknowledgedAt()).as(at).isEqualTo(Instant.parse("2026-12-06T09:00:00.5Z"));
        }
    }
}
