package io.kizuki.notify.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kizuki.ledger.Severity;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.web.Problem;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;

/** The escalation policies that page for the caller's products, read-only: who each level pages, and when. */
@Path("/api/v1/escalation-policies")
@Tag(name = "On call", description = "Schedules of the on-call configuration")
@RolesAllowed(Roles.VIEWER)
@APIResponse(
        responseCode = "401",
        description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "Not a viewer",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class EscalationPolicyResource {

    /** Who a level pages: whoever is on call in a schedule (or next, or all of its members), a person, a group, a channel. */
    public record TargetView(
            @Schema(description = "schedule, person, group or channel")
            String kind,

            String id,

            @Schema(description = "the schedule's, person's or group's name; null for a channel")
            String name,

            @Schema(description = "for a schedule: on-call, next or all")
            String who) {}

    /** One level: paged when the one before it went unacknowledged for its timeout. */
    public record LevelView(
            @Schema(
                    description = "how long this level has to acknowledge before the next is paged (ISO-8601, PT5M); "
                            + "null when none is set")
            String timeout,

            List<TargetView> targets) {}

    /** What routes incidents to a policy: the default, or a rule and what it matches. */
    public record RouteView(
            boolean isDefault,
            List<String> products,
            List<String> services,
            List<Severity> severities,
            List<String> classes) {}

    /** A policy with its levels and what routes to it. */
    public record PolicyView(
            String id,
            String name,

            @Schema(description = "how many more times the whole round is paged after the last level")
            int repeat,

            List<LevelView> levels,
            List<RouteView> routes) {}

    private final OnCallDirectory directory;
    private final JsonWebToken token;

    public EscalationPolicyResource(OnCallDirectory directory, JsonWebToken token) {
        this.directory = directory;
        this.token = token;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "The escalation policies that page for the caller's products, in the order of their ids",
            description = "The default policy's and those of the routing rules naming one of the caller's products "
                    + "(or naming none); every policy for a caller of every product. Each with its levels (timeout "
                    + "and targets, names resolved) and the routes to it. Read-only: an admin changes them through "
                    + "/api/v1/admin/oncall-config.")
    @APIResponse(
            responseCode = "200",
            description = "The policies",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = PolicyView.class)))
    public List<PolicyView> list() {
        return directory
                .current()
                .map(config -> {
                    ProductScope scope = ProductScope.of(token);
                    return views(config, OnCallResource.policies(config, scope), scope);
                })
                .orElse(List.of());
    }

    /**
     * The policies of {@code ids} in the configuration, as the API shows them to a caller of {@code scope}: only the
     * routing rules that name none of the products or one of the caller's, with the caller's products only.
     */
    static List<PolicyView> views(OnCallConfig config, Set<String> ids, ProductScope scope) {
        Map<String, OnCallConfig.Policy> policies =
                new TreeMap<>(config.policies() == null ? Map.of() : config.policies());
        List<PolicyView> views = new ArrayList<>();
        policies.forEach((id, policy) -> {
            if (ids.contains(id)) {
                views.add(new PolicyView(
                        id,
                        policy.name(),
                        policy.repeat(),
                        policy.levels() == null
                                ? List.of()
                                : policy.levels().stream()
                                        .map(level -> new LevelView(
                                                level.timeout() == null
                                                        ? null
                                                        : level.timeout().toString(),
                                                level.targets() == null
                                                        ? List.of()
                                                        : level.targets().stream()
                                                                .map(target -> target(config, target))
                                                                .toList()))
                                        .toList(),
                        routes(config.routing(), id, scope)));
            }
        });
        return views;
    }

    private static TargetView target(OnCallConfig config, OnCallConfig.Target target) {
        if (target.schedule() != null) {
            OnCallConfig.Schedule schedule =
                    config.schedules() == null ? null : config.schedules().get(target.schedule());
            return new TargetView(
                    "schedule",
                    target.schedule(),
                    schedule == null ? null : schedule.name(),
                    target.who() == null ? OnCallConfig.Target.ON_CALL : target.who());
        }
        if (target.person() != null) {
            OnCallConfig.Person person =
                    config.people() == null ? null : config.people().get(target.person());
            return new TargetView("person", target.person(), person == null ? null : person.name(), null);
        }
        if (target.group() != null) {
            OnCallConfig.Group group =
                    config.groups() == null ? null : config.groups().get(target.group());
            return new TargetView("group", target.group(), group == null ? null : group.name(), null);
        }
        return new TargetView("channel", target.channel(), null, null);
    }

    private static List<RouteView> routes(OnCallConfig.Routing routing, String id, ProductScope scope) {
        List<RouteView> routes = new ArrayList<>();
        if (routing == null) {
            return routes;
        }
        if (id.equals(routing.defaultPolicy())) {
            routes.add(new RouteView(true, null, null, null, null));
        }
        if (routing.rules() != null) {
            routing.rules().stream()
                    .filter(rule -> id.equals(rule.policy()))
                    .filter(rule ->
                            rule.product() == null || rule.product().stream().anyMatch(scope::includes))
                    .forEach(rule -> routes.add(new RouteView(
                            false,
                            rule.product() == null || scope.all()
                                    ? rule.product()
                                    : rule.product().stream()
                                            .filter(scope::includes)
                                            .toList(),
                            rule.service(),
                            rule.severity(),
                            rule.incidentClass())));
        }
        return routes;
    }
}
