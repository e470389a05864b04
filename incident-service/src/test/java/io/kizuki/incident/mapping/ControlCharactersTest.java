package io.kizuki.incident.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ControlCharactersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void namesEveryFieldThatHoldsAControlCharacterButLeavesTabsAndLineBreaks() throws Exception {
        JsonNode body = JSON.readTree("""
                {"title":"disk\\u0000full","text":"line one\\nline\\ttwo\\r\\n","labels":{"service":"a\\u001bb"},
                 "links":[{"href":"https://ok"},{"text":"\\u0007"}],"bad\\u0001name":"x"}""");

        assertThat(ControlCharacters.find(body, ""))
                .containsExactly("title", "labels.service", "links[1].text", "bad\uFFFDname");
    }

    @Test
    void replacesControlCharactersInNamesAndValuesOfATreeInPlace() throws Exception {
        JsonNode alert = JSON.readTree("""
                {"labels":{"alertname":"Disk\\u0000Full","se\\u0000rvice":"db"},"values":["a\\u0002",1,"ok"],
                 "annotations":{"summary":"two\\nlines"}}""");

        JsonNode clean = ControlCharacters.stripTree(alert);

        assertThat(clean).isSameAs(alert);
        assertThat(ControlCharacters.find(clean, "")).isEmpty();
        assertThat(clean.path("labels").path("alertname").asText()).isEqualTo("Disk\uFFFDFull");
        assertThat(clean.path("labels").path("se\uFFFDrvice").asText()).isEqualTo("db");
        assertThat(clean.path("values").get(0).asText()).isEqualTo("a\uFFFD");
        assertThat(clean.path("values").get(1).asInt()).isEqualTo(1);
        assertThat(clean.path("annotations").path("summary").asText()).isEqualTo("two\nlines");
    }
}
