package io.kizuki.notify.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.notify.migrate.ConfigImport;
import io.kizuki.notify.migrate.GrafanaOnCallImport;
import io.kizuki.notify.migrate.OpsgenieImport;
import io.kizuki.notify.migrate.PagerDutyImport;
import io.kizuki.notify.migrate.SourceResponses;
import io.kizuki.notify.migrate.Translation;
import io.kizuki.notify.oncall.ConfigEdit;
import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.service.OnCallConfigSync;
import io.kizuki.web.JsonFields;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;

/**
 * The on-call configuration in force, and replacing it: checked whole before it applies, every problem named by its
 * path in the YAML. For administrators of every product: it pages for all of them.
 */
@Path("/api/v1/admin/oncall-config")
@Tag(name = "On-call configuration", description = "People, schedules, escalation policies, routing, channels")
@RolesAllowed(Roles.ADMIN)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not an administrator of every product (products *)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class OnCallConfigResource {

    static final String YAML = "application/yaml";
    /** The largest configuration accepted. */
    static final int MAX_CHARACTERS = 1024 * 1024;
    /** An id of the file's maps. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    /** The longest reason kept with a version. */
    static final int MAX_REASON = 500;
    /** The largest import accepted: a source's responses, formatted. */
    static final int MAX_IMPORT_CHARACTERS = 8 * 1024 * 1024;
    /** A source API's path: segments of letters, digits, _ and -. */
    private static final Pattern RESPONSE_PATH = Pattern.compile("(/[A-Za-z0-9_-]{1,100}){1,6}");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a configuration holds, and what should not stay as it is. */
    public record Summary(
            String source,
            Instant since,
            int people,
            int schedules,
            int escalationPolicies,
            List<ConfigLoader.Problem> warnings,

            @Schema(
                    description = "whether the configuration file now holds it "
                            + "(false: it holds on this instance until it restarts); absent on reads")
            Boolean saved) {

        static Summary of(OnCallDirectory.InForce inForce, Boolean saved) {
            OnCallConfig config = inForce.loaded().config();
            return new Summary(
                    inForce.source(),
                    inForce.since(),
                    size(config.people()),
                    size(config.schedules()),
                    size(config.policies()),
                    inForce.loaded().warnings(),
                    saved);
        }

        private static int size(Map<?, ?> map) {
            return map == null ? 0 : map.size();
        }
    }

    private final OnCallDirectory directory;
    private final OnCallConfigSync sync;
    private final JsonWebToken token;

    public OnCallConfigResource(OnCallDirectory directory, OnCallConfigSync sync, JsonWebToken token) {
        this.directory = directory;
        this.sync = sync;
        this.token = token;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "What the configuration in force holds, where it came from, and its warnings")
    @APIResponse(
            responseCode = "200",
            description = "The configuration in force",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Summary.class)))
    @APIResponse(
            responseCode = "404",
            description = "notify-service was started without one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response summary(@Context UriInfo uri) {
        requireAllProducts(uri);
        return directory
                .inForce()
                .map(inForce -> Response.ok(Summary.of(inForce, null)).build())
                .orElseGet(() -> notConfigured(uri));
    }

    @GET
    @Path("/yaml")
    @Produces({YAML, Problem.MEDIA_TYPE})
    @Operation(summary = "The configuration in force, as the YAML it was given in")
    @APIResponse(responseCode = "200", description = "The YAML", content = @Content(mediaType = YAML))
    @APIResponse(
            responseCode = "404",
            description = "notify-service was started without one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response yaml(@Context UriInfo uri) {
        requireAllProducts(uri);
        return directory
                .inForce()
                .map(inForce -> Response.ok(inForce.yaml(), YAML).build())
                .orElseGet(() -> notConfigured(uri));
    }

    @PUT
    @Consumes({YAML, "text/yaml", MediaType.TEXT_PLAIN})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Checks a configuration whole, shares it with every instance through Kafka, puts it in force "
                    + "and writes it to the configuration file")
    @RequestBody(
            description = "The whole configuration, as in deploy/config/notify.yaml",
            content = @Content(mediaType = YAML))
    @APIResponse(
            responseCode = "200",
            description = "In force; its warnings, if any",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Summary.class)))
    @APIResponse(
            responseCode = "400",
            description = "Refused, nothing changed: errors[].field is the YAML path of "
                    + "each problem ($.schedules.primary.layers[0].members[2])",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "Kafka did not take it in time; nothing changed (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Summary replace(
            String yaml,
            @Parameter(description = "why (kept with the version, at most 500 characters)") @QueryParam("reason")
                    String reason,
            @Context UriInfo uri) {
        requireAllProducts(uri);
        checkReason(reason, uri);
        if (yaml == null || yaml.isBlank()) {
            throw Problem.invalidField("$", "is required: the whole configuration", uri);
        }
        if (yaml.length() > MAX_CHARACTERS) {
            throw Problem.invalidField("$", "is larger than " + MAX_CHARACTERS + " characters", uri);
        }
        return put(yaml, "PUT by " + token.getName(), reason, uri);
    }

    /** Checks, shares and puts a configuration in force; 400 naming every problem, 503 when Kafka did not take it. */
    private Summary put(String yaml, String source, String reason, UriInfo uri) {
        try {
            OnCallDirectory.Replaced replaced = sync.replace(yaml, source, reason);
            return Summary.of(replaced.inForce(), replaced.saved());
        } catch (OnCallConfigSync.NotShared e) {
            throw notShared(e, uri);
        } catch (ConfigLoader.InvalidConfigException e) {
            throw refused(e.problems(), uri);
        }
    }

    /** Kafka did not take a change: 503, to be retried (nothing changed). */
    static WebApplicationException notShared(OnCallConfigSync.NotShared e, UriInfo uri) {
        return new WebApplicationException(
                Problem.of(503, "unavailable", "Not shared", e.getMessage() + "; nothing was changed", uri.getPath())
                        .toResponseBuilder()
                        .header("Retry-After", "5")
                        .build());
    }

    static ProblemException refused(List<ConfigLoader.Problem> problems, UriInfo uri) {
        return new ProblemException(Problem.of(
                        400,
                        "validation",
                        "Invalid on-call configuration",
                        problems.size() + " problem(s); nothing was changed",
                        uri.getPath())
                .withErrors(problems.stream()
                        .map(problem -> new Problem.FieldError(problem.path(), problem.detail()))
                        .toList()));
    }

    /** What an import does (or, with {@code apply=false}, would do). */
    public record ImportAnswer(
            String source,

            @Schema(description = "whether the configuration was changed (false: a plan, or nothing to change)")
            boolean applied,

            @Schema(description = "each object: created, changed, unchanged, kept (gone at the source) or removed")
            List<ConfigImport.Change> changes,

            @Schema(description = "what was not carried, and why")
            List<Translation.Note> leftOut,

            @Schema(description = "the source's integrations: the senders to point at Kizuki")
            List<Translation.Sender> senders,

            @Schema(description = "why the resulting configuration would be refused (empty: it would be accepted)")
            List<ConfigLoader.Problem> problems,

            @Schema(description = "the configuration the import puts in force")
            String yaml) {}

    @POST
    @Path("/imports/{source}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Plans or applies an import of a source tool's configuration (pagerduty, opsgenie, "
                    + "grafana-oncall) as one change: people matched by e-mail, schedules, escalation policies, "
                    + "routing rules")
    @RequestBody(
            description = "{\"responses\": [{\"path\": \"/users\", \"body\": {…}}, …]}: the source's API responses "
                    + "as it answered them (deploy/import reads and sends them)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(
            responseCode = "200",
            description = "The plan; with apply=true, applied unless nothing changed",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ImportAnswer.class)))
    @APIResponse(
            responseCode = "400",
            description = "The responses are not as a source answers, or (apply=true) the resulting configuration is "
                    + "refused: errors[].field names each problem; nothing changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such source",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "Kafka did not take it in time; nothing changed (Retry-After)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ImportAnswer importFrom(
            @PathParam("source") String source,
            @QueryParam("apply") @DefaultValue("false") boolean apply,
            @Parameter(description = "why (kept with the version, at most 500 characters)") @QueryParam("reason")
                    String reason,
            String body,
            @Context UriInfo uri) {
        requireAllProducts(uri);
        checkReason(reason, uri);
        BiFunction<SourceResponses, Instant, Translation> translator =
                switch (source) {
                    case PagerDutyImport.SOURCE -> PagerDutyImport::translate;
                    case OpsgenieImport.SOURCE -> OpsgenieImport::translate;
                    case GrafanaOnCallImport.SOURCE -> GrafanaOnCallImport::translate;
                    default ->
                        throw new ProblemException(Problem.of(
                                404,
                                "not-found",
                                "No such source",
                                "the sources an import reads: pagerduty, opsgenie, grafana-oncall",
                                uri.getPath()));
                };
        SourceResponses responses = responses(body, uri);
        ConfigImport.Plan plan;
        try {
            plan = ConfigImport.plan(
                    directory.inForce().map(OnCallDirectory.InForce::yaml), translator.apply(responses, Instant.now()));
        } catch (ConfigEdit.NotAnObject e) {
            throw Problem.invalidField("$", e.getMessage(), uri);
        }
        List<ConfigLoader.Problem> problems = List.of();
        try {
            directory.check(plan.yaml());
        } catch (ConfigLoader.InvalidConfigException e) {
            problems = e.problems();
        }
        boolean applied = false;
        if (apply && problems.isEmpty() && plan.changesAnything()) {
            put(plan.yaml(), "import from " + source + " by " + token.getName(), reason, uri);
            applied = true;
        } else if (apply && !problems.isEmpty()) {
            throw refused(problems, uri);
        }
        return new ImportAnswer(source, applied, plan.changes(), plan.leftOut(), plan.senders(), problems, plan.yaml());
    }

    private static SourceResponses responses(String body, UriInfo uri) {
        if (body == null || body.isBlank()) {
            throw Problem.invalidField("responses", "is required: the source's API responses", uri);
        }
        if (body.length() > MAX_IMPORT_CHARACTERS) {
            throw Problem.invalidField("$", "is larger than " + MAX_IMPORT_CHARACTERS + " characters", uri);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw Problem.invalidField("$", "is not JSON: " + e.getOriginalMessage(), uri);
        }
        JsonNode list = root.path("responses");
        if (!list.isArray()) {
            throw Problem.invalidField("responses", "must be an array of {path, body}", uri);
        }
        List<SourceResponses.Response> responses = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode response = list.get(i);
            String path = response.path("path").asText("");
            if (!RESPONSE_PATH.matcher(path).matches()) {
                throw Problem.invalidField(
                        "responses[" + i + "].path", "must be an API path such as /schedules/PI7DH85", uri);
            }
            if (!response.path("body").isObject()) {
                throw Problem.invalidField("responses[" + i + "].body", "must be the JSON object answered", uri);
            }
            responses.add(new SourceResponses.Response(path, response.get("body")));
        }
        return new SourceResponses(responses);
    }

    @PUT
    @Path("/{section: people|groups|schedules|escalationPolicies}/{id}")
    @Consumes({YAML, "text/yaml", MediaType.TEXT_PLAIN})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary =
                    "Adds or replaces one person, group, schedule or escalation policy: a version of its own, checked "
                            + "whole and shared as a PUT of the whole configuration is")
    @RequestBody(
            description = "The object's fields, as under its id in the file ({name: Dana, timeZone: Asia/Tokyo, …})",
            content = @Content(mediaType = YAML))
    @APIResponse(
            responseCode = "200",
            description = "In force; its warnings, if any",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Summary.class)))
    @APIResponse(
            responseCode = "400",
            description = "Refused, nothing changed: the object is no mapping, or errors[].field names each problem "
                    + "of the configuration it would make",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "notify-service was started without a configuration",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Summary putOne(
            @PathParam("section") String section,
            @PathParam("id") String id,
            @Parameter(description = "why (kept with the version, at most 500 characters)") @QueryParam("reason")
                    String reason,
            String yaml,
            @Context UriInfo uri) {
        requireAllProducts(uri);
        checkReason(reason, uri);
        checkId(id, uri);
        if (yaml == null || yaml.isBlank() || yaml.length() > MAX_CHARACTERS) {
            throw Problem.invalidField("$", "is required: the object's fields, at most " + MAX_CHARACTERS, uri);
        }
        String current = current(uri);
        String changed;
        try {
            changed = ConfigEdit.put(current, section, id, yaml);
        } catch (ConfigEdit.NotAnObject e) {
            throw Problem.invalidField("$", e.getMessage(), uri);
        }
        return put(changed, "PUT " + section + "/" + id + " by " + token.getName(), reason, uri);
    }

    @DELETE
    @Path("/{section: people|groups|schedules|escalationPolicies}/{id}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Removes one person, group, schedule or escalation policy: refused (400) while anything still "
                    + "refers to it")
    @APIResponse(
            responseCode = "200",
            description = "In force",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Summary.class)))
    @APIResponse(
            responseCode = "400",
            description = "Refused, nothing changed: errors[].field names what still refers to it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such object in the configuration in force",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Summary removeOne(
            @PathParam("section") String section,
            @PathParam("id") String id,
            @Parameter(description = "why (kept with the version, at most 500 characters)") @QueryParam("reason")
                    String reason,
            @Context UriInfo uri) {
        requireAllProducts(uri);
        checkReason(reason, uri);
        String current = current(uri);
        if (!ConfigEdit.has(current, section, id)) {
            throw new ProblemException(
                    Problem.of(404, "not-found", "Not found", "no " + section + " entry " + id, uri.getPath()));
        }
        return put(
                ConfigEdit.remove(current, section, id),
                "DELETE " + section + "/" + id + " by " + token.getName(),
                reason,
                uri);
    }

    /** The text of the configuration in force; 404 without one. */
    private String current(UriInfo uri) {
        return directory
                .inForce()
                .map(OnCallDirectory.InForce::yaml)
                .orElseThrow(() -> new ProblemException(Problem.of(
                        404,
                        "not-found",
                        "No on-call configuration",
                        "notify-service was started without kizuki.notify.oncall-file and none was put since",
                        uri.getPath())));
    }

    /** An id of the file: letters, digits, . _ @ - (at most 100). */
    private static void checkId(String id, UriInfo uri) {
        if (!ID.matcher(id).matches()) {
            throw Problem.invalidField("id", "must be 1 to 100 letters, digits, '.', '_', '@' or '-'", uri);
        }
    }

    /** One version of the configuration: when it came in force, who or what put it, why, and whether it is in force. */
    public record VersionSummary(Instant at, String source, String reason, boolean inForce) {}

    @GET
    @Path("/versions")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Every version of the configuration, the newest first: when it came in force, who or what put "
                    + "it (a file, PUT by a user, an import), why")
    @APIResponse(
            responseCode = "200",
            description = "The versions this instance knows (all that were shared, and the file it started with)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = VersionSummary.class)))
    public List<VersionSummary> versions(@Context UriInfo uri) {
        requireAllProducts(uri);
        Instant inForce =
                directory.inForce().map(OnCallDirectory.InForce::since).orElse(null);
        return directory.history().all().stream()
                .map(version -> new VersionSummary(
                        version.at(),
                        version.source(),
                        version.reason(),
                        version.at().equals(inForce)))
                .toList();
    }

    @GET
    @Path("/versions/{at}/yaml")
    @Produces({YAML, Problem.MEDIA_TYPE})
    @Operation(summary = "One version of the configuration, as the YAML it was given in")
    @APIResponse(responseCode = "200", description = "The YAML", content = @Content(mediaType = YAML))
    @APIResponse(
            responseCode = "400",
            description = "at is not an ISO-8601 instant (errors[0].field = at)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No version came in force at that instant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response version(
            @Parameter(description = "the instant the version came in force, as /versions gives it") @PathParam("at")
                    String at,
            @Context UriInfo uri) {
        requireAllProducts(uri);
        Instant instant;
        try {
            instant = Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw Problem.invalidField("at", "must be an ISO-8601 instant, as /versions gives it", uri);
        }
        return directory
                .history()
                .version(instant)
                .map(version -> Response.ok(version.yaml(), YAML).build())
                .orElseGet(() -> Problem.of(
                                404, "not-found", "No such version", "no version came in force at " + at, uri.getPath())
                        .toResponse());
    }

    /** A reason is kept and shown: plain text of at most {@value #MAX_REASON} characters. */
    private static void checkReason(String reason, UriInfo uri) {
        if (reason == null) {
            return;
        }
        if (reason.length() > MAX_REASON) {
            throw Problem.invalidField("reason", "is longer than " + MAX_REASON + " characters", uri);
        }
        if (JsonFields.hasControlCharacters(reason)) {
            throw Problem.invalidField("reason", "must not hold control characters", uri);
        }
    }

    private static Response notConfigured(UriInfo uri) {
        return Problem.of(
                        404,
                        "not-found",
                        "No on-call configuration",
                        "notify-service was started without kizuki.notify.oncall-file and none was put since",
                        uri.getPath())
                .toResponse();
    }

    private void requireAllProducts(UriInfo uri) {
        requireAllProducts(token, uri);
    }

    /** 403 unless the caller administers every product: the configuration pages for all of them. */
    static void requireAllProducts(JsonWebToken token, UriInfo uri) {
        if (!ProductScope.of(token).all()) {
            throw new ProblemException(Problem.of(
                    403,
                    "forbidden",
                    "Forbidden",
                    "the on-call configuration pages "
                            + "for every product: only an administrator of every product (products *) may read or change it",
                    uri.getPath()));
        }
    }
}
