package io.kizuki.report.learning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.ContributingFactor;
import io.kizuki.ledger.event.PostmortemEdited;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.ledger.event.SharedAction;

/** A postmortem's fold and the feed items it makes: JSON Feed fields, Atom, prevention that did not hold. */
class KnowledgeFeedTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final ContributingFactor FACTOR = new ContributingFactor("observability-gap", "no alert on <pool> & co");
    static final PostmortemPublished PUBLISHED = new PostmortemPublished(
            "inc-1",
            "shop",
            "shop-db",
            "Disk full",
            Severity.SEV2,
            null,
            "Watch the disk",
            List.of(FACTOR),
            List.of(new SharedAction("ai-1", "Alert at 80 %", "bob", LocalDate.parse("2026-12-01"), true)),
            "user:bob",
            T0);

    static PostmortemState published() {
        PostmortemState state = PostmortemState.of("inc-1");
        state.apply(
                new PostmortemEdited("inc-1", "shop", "lessons", "Watch the disk", null, List.of(), "user:bob", T0),
                5,
                T0);
        state.apply(PUBLISHED, 6, T0);
        return state;
    }

    @Test
    void foldsEditsAndPublicationOnceEach() {
        PostmortemState state = published();

        assertThat(state.status).isEqualTo(PostmortemState.PUBLISHED);
        assertThat(state.sections).containsEntry("lessons", "Watch the disk");
        assertThat(state.apply(PUBLISHED, 6, T0)).isFalse();
        assertThat(state.edits).hasSize(1);
    }

    @Test
    void anItemSaysWhatToAdoptAndWhoAnswered() {
        var adoption = new LearningRepository.Adoption("inc-1", "ai-1", "payments", "adopted", null, "user:p", T0);
        Map<String, Object> feed = KnowledgeFeed.json(
                List.of(new KnowledgeFeed.Item(published(), List.of(adoption))),
                "https://r/feed.json",
                "https://r/",
                "https://r/api/v1/incidents/");

        assertThat(feed).containsEntry("version", KnowledgeFeed.JSON_FEED_VERSION);
        @SuppressWarnings("unchecked")
        Map<String, Object> item = ((List<Map<String, Object>>) feed.get("items")).getFirst();
        assertThat(item)
                .containsEntry("id", "urn:kizuki:postmortem:inc-1")
                .containsEntry("url", "https://r/api/v1/incidents/inc-1/postmortem?format=html")
                .containsEntry("date_published", "2026-11-20T10:00:00Z");
        assertThat((String) item.get("content_text")).contains("Watch the disk", "Alert at 80 %");
        assertThat(item.get("tags")).isEqualTo(List.of("observability-gap"));
        assertThat(item.get("_kizuki").toString()).contains("adoptions={payments=adopted}", "preventionHeld=true");
    }

    @Test
    void aRecurrenceMarksThePreventionAsNotHeld() {
        PostmortemState state = published();
        Instant later = T0.plusSeconds(3600);
        state.apply(
                new RecurrenceFlagged(
                        "inc-1",
                        "shop",
                        "inc-2",
                        RecurrenceFlagged.RECURRED_AS,
                        RecurrenceFlagged.SAME_DEDUP_KEY,
                        "client:kizuki-report-service",
                        later),
                7,
                later);
        var item = new KnowledgeFeed.Item(state, List.of());

        assertThat(item.title()).startsWith("Prevention did not hold: Lessons from Disk full");
        assertThat(item.tags()).contains(KnowledgeFeed.PREVENTION_DID_NOT_HOLD);
        assertThat(item.updated()).isEqualTo(later);
        assertThat(item.text()).startsWith("Prevention did not hold: it recurred as inc-2");
    }

    @Test
    void theAtomFeedIsWellFormedAndEscapesText() throws Exception {
        String atom = KnowledgeFeed.atom(
                List.of(new KnowledgeFeed.Item(published(), List.of())),
                "https://r/feed.atom",
                "https://r/api/v1/incidents/");

        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document =
                factory.newDocumentBuilder().parse(new ByteArrayInputStream(atom.getBytes(StandardCharsets.UTF_8)));
        Element root = document.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
        assertThat(root.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry")
                        .getLength())
                .isEqualTo(1);
        assertThat(root.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "content")
                        .item(0)
                        .getTextContent())
                .contains("no alert on <pool> & co");
        assertThat(atom).contains("no alert on &lt;pool&gt; &amp; co");
    }
}
