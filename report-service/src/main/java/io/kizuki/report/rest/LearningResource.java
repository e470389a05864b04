package io.kizuki.report.rest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.ledger.event.SharedAction;
import io.kizuki.report.learning.KnowledgeFeed;
import io.kizuki.report.learning.LearningRepository;
import io.kizuki.report.learning.PostmortemState;
import io.kizuki.report.service.LearningHistory;
import io.kizuki.web.Problem;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;
import io.smallrye.mutiny.Uni;

/**
 * The learning loop as report-service shows it (the postmortem itself is {@link PostmortemResource}'s): the knowledge
 * feed every product reads, the adoption board and overdue improvement actions (which contributing-factor categories
 * cost the most is {@link ContributingFactorResource}'s).
 */
@Path("/api/v1")
@Tag(
        name = "Learning",
        description =
                "Postmortems, the knowledge feed, adoption of shared prevention actions, " + "improvement actions")
@RolesAllowed(Roles.VIEWER)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not a viewer",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class LearningResource {

    static final String JSON_FEED = "application/feed+json";
    static final String ATOM = "application/atom+xml";
    private static final int FEED_SIZE = 100;
    private static final String AS_OF = "as the ledger stood at this instant (ISO-8601): the postmortems published "
            + "by then, as they were, and the answers given by then";

    private final LearningRepository learning;
    private final LearningHistory history;
    private final JsonWebToken token;
    private final Clock clock = Clock.systemUTC();

    public LearningResource(LearningRepository learning, LearningHistory history, JsonWebToken token) {
        this.learning = learning;
        this.history = history;
        this.token = token;
    }

    @GET
    @Path("/knowledge/feed.json")
    @Produces({JSON_FEED, Problem.MEDIA_TYPE})
    @Operation(
            summary = "The knowledge feed as JSON Feed 1.1",
            description = "Every product's published postmortems, newest first (at most 100): lessons, contributing "
                    + "factors and the prevention actions to adopt, with each product's answer under _kizuki. An "
                    + "item whose prevention did not hold is tagged prevention-did-not-hold. Readable by every "
                    + "viewer, whatever their products: it is what the organisation shares.")
    @APIResponse(responseCode = "200", description = "The feed", content = @Content(mediaType = JSON_FEED))
    public Uni<Response> jsonFeed(
            @Parameter(description = AS_OF) @QueryParam("asOf") String asOf, @Context UriInfo uri) {
        return items(asOf, uri).map(items -> Response.ok(
                        KnowledgeFeed.json(
                                items,
                                uri.getRequestUri().toString(),
                                uri.getBaseUri().toString(),
                                incidentsUrl(uri)),
                        JSON_FEED)
                .build());
    }

    @GET
    @Path("/knowledge/feed.atom")
    @Produces({ATOM, Problem.MEDIA_TYPE})
    @Operation(summary = "The knowledge feed as Atom", description = "The same items as feed.json, in RFC 4287.")
    @APIResponse(responseCode = "200", description = "The feed", content = @Content(mediaType = ATOM))
    public Uni<Response> atomFeed(
            @Parameter(description = AS_OF) @QueryParam("asOf") String asOf, @Context UriInfo uri) {
        return items(asOf, uri).map(items -> Response.ok(
                        KnowledgeFeed.atom(items, uri.getRequestUri().toString(), incidentsUrl(uri)),
                        ATOM + ";charset=utf-8")
                .build());
    }

    private static String incidentsUrl(UriInfo uri) {
        return uri.getBaseUriBuilder().path("api/v1/incidents/").build().toString();
    }

    /** The items now, or as they stood at {@code asOf}. */
    private Uni<List<KnowledgeFeed.Item>> items(String asOf, UriInfo uri) {
        Instant at = Params.instant("asOf", asOf, uri);
        return at == null ? items() : history.itemsAsOf(at, FEED_SIZE);
    }

    private Uni<List<KnowledgeFeed.Item>> items() {
        return learning.published(FEED_SIZE).chain(published -> learning.adoptions(
                        published.stream().map(p -> p.incidentId).toList())
                .map(adoptions -> published.stream()
                        .map(p -> new KnowledgeFeed.Item(
                                p,
                                adoptions.stream()
                                        .filter(a -> a.incidentId().equals(p.incidentId))
                                        .toList()))
                        .toList()));
    }

    /** One shared prevention action and every product's answer. */
    public record SharedActionAdoption(
            String incidentId,
            String actionItemId,
            String title,
            String sharedBy,
            Instant publishedAt,
            boolean preventionHeld,

            @Schema(description = "product → adopted, planned or not-applicable")
            Map<String, String> answers,

            @Schema(description = "products that answered adopted or not-applicable, of the other products")
            double coverage) {}

    /** One product's answers to what the other products shared. */
    public record ProductAdoption(
            String product,
            int shared,
            int adopted,
            int planned,
            int notApplicable,
            int unanswered,

            @Schema(description = "(adopted + not applicable) / shared")
            double coverage) {}

    /** The adoption board. */
    public record AdoptionBoard(
            List<String> products, List<SharedActionAdoption> actions, List<ProductAdoption> byProduct) {}

    @GET
    @Path("/knowledge/adoption")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "The adoption board: each shared prevention action, each product's answer, the coverage",
            description = "Per action: which products adopted, planned or found it not applicable; per product: "
                    + "how much of what the others shared it has covered. Products are those with incidents or "
                    + "answers.")
    @APIResponse(
            responseCode = "200",
            description = "The board",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AdoptionBoard.class)))
    public Uni<AdoptionBoard> adoption(
            @Parameter(description = AS_OF) @QueryParam("asOf") String asOf, @Context UriInfo uri) {
        return items(asOf, uri).chain(items -> learning.products().map(products -> board(items, products)));
    }

    static AdoptionBoard board(List<KnowledgeFeed.Item> items, List<String> products) {
        List<SharedActionAdoption> actions = new ArrayList<>();
        Map<String, int[]> perProduct = new TreeMap<>();
        products.forEach(product -> perProduct.put(product, new int[5]));
        for (KnowledgeFeed.Item item : items) {
            PostmortemState pm = item.postmortem();
            String sharedBy = pm.published.product();
            for (SharedAction action : pm.published.preventionActions()) {
                Map<String, String> answers = item.answers(action.actionItemId());
                List<String> others =
                        products.stream().filter(p -> !p.equals(sharedBy)).toList();
                long covered = others.stream()
                        .filter(p -> "adopted".equals(answers.get(p)) || "not-applicable".equals(answers.get(p)))
                        .count();
                actions.add(new SharedActionAdoption(
                        pm.incidentId,
                        action.actionItemId(),
                        action.title(),
                        sharedBy,
                        pm.published.publishedAt(),
                        pm.recurredAs.isEmpty(),
                        answers,
                        others.isEmpty() ? 1.0 : covered / (double) others.size()));
                for (String product : others) {
                    int[] counts = perProduct.get(product);
                    counts[0]++;
                    switch (Optional.ofNullable(answers.get(product)).orElse("")) {
                        case "adopted" -> counts[1]++;
                        case "planned" -> counts[2]++;
                        case "not-applicable" -> counts[3]++;
                        default -> counts[4]++;
                    }
                }
            }
        }
        List<ProductAdoption> byProduct = new ArrayList<>();
        perProduct.forEach((product, c) -> byProduct.add(new ProductAdoption(
                product, c[0], c[1], c[2], c[3], c[4], c[0] == 0 ? 1.0 : (c[1] + c[3]) / (double) c[0])));
        return new AdoptionBoard(products, actions, byProduct);
    }

    /** Overdue improvement actions of one owner or one team. */
    public record OverdueGroup(String owner, String team, List<LearningRepository.OverdueAction> actions) {}

    /** Overdue improvement actions, by owner and by team. */
    public record Overdue(LocalDate asOf, int total, List<OverdueGroup> byOwner, List<OverdueGroup> byTeam) {}

    @GET
    @Path("/action-items/overdue")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Improvement actions not done by their due date, per owner and per team",
            description = "A team is the product of the action's incident; only the caller's products.")
    @APIResponse(
            responseCode = "200",
            description = "The overdue actions",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Overdue.class)))
    public Uni<Overdue> overdue() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return learning.overdue(ProductScope.of(token), today).map(actions -> {
            Map<String, List<LearningRepository.OverdueAction>> byOwner = new TreeMap<>();
            Map<String, List<LearningRepository.OverdueAction>> byTeam = new TreeMap<>();
            for (LearningRepository.OverdueAction action : actions) {
                byOwner.computeIfAbsent(action.owner(), o -> new ArrayList<>()).add(action);
                byTeam.computeIfAbsent(action.team(), t -> new ArrayList<>()).add(action);
            }
            return new Overdue(
                    today,
                    actions.size(),
                    byOwner.entrySet().stream()
                            .map(e -> new OverdueGroup(e.getKey(), null, e.getValue()))
                            .toList(),
                    byTeam.entrySet().stream()
                            .map(e -> new OverdueGroup(null, e.getKey(), e.getValue()))
                            .toList());
        });
    }
}
