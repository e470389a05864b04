package io.kizuki.notify.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

import io.kizuki.notify.oncall.ICalendar;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.notify.oncall.OnCallDirectory;
import io.kizuki.notify.oncall.Rotations;
import io.kizuki.web.Problem;
import io.kizuki.web.ProblemException;
import io.kizuki.web.ProductScope;
import io.kizuki.web.Roles;

/** Who is on call, now or at any instant, and each schedule as a calendar feed. */
@Path("/api/v1")
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
public class OnCallResource {

    static final String CALENDAR = "text/calendar";
    /** How far around the instant asked about a shift's start and end are looked for. */
    static final Duration SHIFT_HORIZON = Duration.ofDays(92);
    /** What a calendar feed holds: the last week and the next quarter. */
    static final Duration FEED_PAST = Duration.ofDays(7);

    static final Duration FEED_AHEAD = Duration.ofDays(92);

    /** Who is on call in a schedule at an instant, and the shift they are in (within 92 days either side). */
    public record OnCall(
            String schedule,
            String name,
            String person,
            String personName,
            String timeZone,
            Instant shiftStart,
            Instant shiftEnd) {}

    /** Every schedule at an instant. */
    public record OnCallAt(Instant at, List<OnCall> schedules) {}

    /** One shift of a person in a schedule. */
    public record Shift(String schedule, String name, Instant start, Instant end) {}

    /** The caller's shifts, and who in the configuration the caller is. */
    public record MyShifts(
            @Schema(
                    description =
                            "the caller's person id; null if the caller is nobody in the on-call " + "configuration")
            String person,

            String personName,
            Instant from,
            Instant to,
            List<Shift> shifts) {}

    static final int MAX_DAYS = 92;

    /** The longest window of a schedule's calendar: a month view with the days of its first and last weeks. */
    static final Duration MAX_CALENDAR = Duration.ofDays(62);

    /** A stretch of time with one person on call (or, for an override, put on call). */
    public record CalendarShift(String person, String personName, Instant start, Instant end) {}

    /** What one layer alone would page: its turns within its restrictions and bounds, before the layers above it. */
    public record LayerShifts(String name, List<CalendarShift> shifts) {}

    /** A schedule between two instants: who is paged, how each layer turns, and the overrides that win over them. */
    public record ScheduleCalendar(
            String schedule,
            String name,
            String timeZone,
            Instant from,
            Instant until,

            @Schema(description = "who is paged, the overrides and the accepted shift swaps applied; gaps left out")
            List<CalendarShift> shifts,

            @Schema(
                    description = "each layer on its own, first listed first (a later layer wins where both have "
                            + "someone)")
            List<LayerShifts> layers,

            @Schema(description = "the overrides that meet the window, the configuration's and the accepted swaps'")
            List<CalendarShift> overrides,

            @Schema(description = "the members of the layers, in the order of the layers and their turns")
            List<Member> members) {}

    /** A member of a schedule's rotation. */
    public record Member(String person, String personName) {}

    private final OnCallDirectory directory;
    private final JsonWebToken token;

    public OnCallResource(OnCallDirectory directory, JsonWebToken token) {
        this.directory = directory;
        this.token = token;
    }

    @GET
    @Path("/oncall/me")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "The caller's shifts from now on: the one under way and the next ones, in every schedule",
            description = "The caller is the person whose id is the caller's user name, or whose e-mail is the "
                    + "caller's e-mail (from the token).")
    @APIResponse(
            responseCode = "200",
            description = "The shifts, earliest first",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MyShifts.class)))
    @APIResponse(
            responseCode = "400",
            description = "days is not 1 to 92 (errors[0].field = days)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MyShifts mine(
            @Parameter(description = "how many days ahead (1 to 92, default 28)")
                    @QueryParam("days")
                    @DefaultValue("28")
                    int days,
            @Context UriInfo uri) {
        if (days < 1 || days > MAX_DAYS) {
            throw Problem.invalidField("days", "must be 1 to " + MAX_DAYS, uri);
        }
        Instant now = Instant.now();
        Instant until = now.plus(Duration.ofDays(days));
        Map<String, OnCallConfig.Person> people =
                directory.current().map(OnCallConfig::people).orElse(Map.of());
        String person = person(people, token.getClaim("preferred_username"), token.getClaim("email"));
        if (person == null) {
            return new MyShifts(null, null, now, until, List.of());
        }
        Map<String, OnCallConfig.Schedule> schedules = visibleSchedules();
        List<Shift> shifts = schedules.entrySet().stream()
                .flatMap(entry -> Rotations.shifts(entry.getValue(), now.minus(SHIFT_HORIZON), until).stream()
                        .filter(shift ->
                                person.equals(shift.person()) && shift.end().isAfter(now))
                        .map(shift -> new Shift(entry.getKey(), entry.getValue().name(), shift.start(), shift.end())))
                .sorted(Comparator.comparing(Shift::start).thenComparing(Shift::schedule))
                .toList();
        return new MyShifts(person, people.get(person).name(), now, until, shifts);
    }

    /**
     * The person a user is: the one whose id is the user name, else the one linked to that user ({@code user:}),
     * else the one with the user's e-mail; or null.
     */
    static String person(Map<String, OnCallConfig.Person> people, String username, String email) {
        if (username != null && people.containsKey(username)) {
            return username;
        }
        if (username != null) {
            String linked = people.entrySet().stream()
                    .filter(entry -> username.equals(entry.getValue().user()))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .findFirst()
                    .orElse(null);
            if (linked != null) {
                return linked;
            }
        }
        if (email == null) {
            return null;
        }
        return people.entrySet().stream()
                .filter(entry -> email.equalsIgnoreCase(entry.getValue().email()))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst()
                .orElse(null);
    }

    @GET
    @Path("/oncall")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "Who is on call in every schedule at an instant (now by default)",
            description = "Only the schedules that page for the caller's products, or for every product.")
    @APIResponse(
            responseCode = "200",
            description = "One entry per schedule; person null where nobody is on call",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OnCallAt.class)))
    @APIResponse(
            responseCode = "400",
            description = "at is not an ISO-8601 instant (errors[0].field = at)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public OnCallAt onCall(
            @Parameter(description = "ISO-8601 instant, e.g. 2026-11-22T10:00:00Z") @QueryParam("at") String at,
            @Context UriInfo uri) {
        Instant instant = instant("at", at, Instant.now(), uri);
        // the configuration of then: who was on call under the schedules and people of that time
        Optional<OnCallConfig> config = directory.configAt(instant);
        Map<String, OnCallConfig.Person> people =
                config.map(OnCallConfig::people).orElse(Map.of());
        Map<String, OnCallConfig.Schedule> schedules =
                config.map(then -> visible(then, ProductScope.of(token))).orElse(Map.of());
        return new OnCallAt(instant, onCallAt(schedules, people, instant));
    }

    /** Who is on call at {@code instant} in each of {@code schedules}, in the order of their ids. */
    static List<OnCall> onCallAt(
            Map<String, OnCallConfig.Schedule> visible, Map<String, OnCallConfig.Person> people, Instant instant) {
        Map<String, OnCallConfig.Schedule> schedules = new TreeMap<>(visible);
        return schedules.entrySet().stream()
                .map(entry -> {
                    OnCallConfig.Schedule schedule = entry.getValue();
                    return Rotations.shifts(schedule, instant.minus(SHIFT_HORIZON), instant.plus(SHIFT_HORIZON))
                            .stream()
                            .filter(shift -> !shift.start().isAfter(instant)
                                    && shift.end().isAfter(instant))
                            .findFirst()
                            .map(shift -> {
                                OnCallConfig.Person person = people.get(shift.person());
                                return new OnCall(
                                        entry.getKey(),
                                        schedule.name(),
                                        shift.person(),
                                        person == null ? null : person.name(),
                                        person == null
                                                ? null
                                                : person.timeZone().getId(),
                                        shift.start(),
                                        shift.end());
                            })
                            .orElse(new OnCall(entry.getKey(), schedule.name(), null, null, null, null, null));
                })
                .toList();
    }

    @GET
    @Path("/schedules/{id}/shifts")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "A schedule as a calendar between two instants: who is paged, each layer, the overrides",
            description = "from defaults to now, until to 7 days after from; at most 62 days. The schedules that "
                    + "page for the caller's products, or for every product, as they are now (with the shift swaps "
                    + "accepted).")
    @APIResponse(
            responseCode = "200",
            description = "The schedule's calendar",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ScheduleCalendar.class)))
    @APIResponse(
            responseCode = "400",
            description = "from or until is not an ISO-8601 instant, until is not after from, or the window is longer "
                    + "than 62 days (errors[0].field)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No schedule with this id that pages for the caller's products",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ScheduleCalendar shifts(
            @PathParam("id") String id,
            @Parameter(description = "ISO-8601 instant; now if absent") @QueryParam("from") String fromText,
            @Parameter(description = "ISO-8601 instant; 7 days after from if absent") @QueryParam("until")
                    String untilText,
            @Context UriInfo uri) {
        Instant from = instant("from", fromText, Instant.now(), uri);
        Instant until = instant("until", untilText, from.plus(Duration.ofDays(7)), uri);
        if (!until.isAfter(from)) {
            throw Problem.invalidField("until", "must be after from", uri);
        }
        if (Duration.between(from, until).compareTo(MAX_CALENDAR) > 0) {
            throw Problem.invalidField("until", "at most " + MAX_CALENDAR.toDays() + " days after from", uri);
        }
        OnCallConfig.Schedule schedule = visibleSchedules().get(id);
        if (schedule == null) {
            throw new ProblemException(
                    Problem.of(404, "not-found", "Schedule not found", "no schedule " + id, uri.getPath()));
        }
        Map<String, OnCallConfig.Person> people =
                directory.current().map(OnCallConfig::people).orElse(Map.of());
        return calendar(id, schedule, people, from, until);
    }

    /** A schedule's calendar between two instants (pure: what {@code GET /schedules/{id}/shifts} answers). */
    static ScheduleCalendar calendar(
            String id,
            OnCallConfig.Schedule schedule,
            Map<String, OnCallConfig.Person> people,
            Instant from,
            Instant until) {
        List<OnCallConfig.Layer> layers = schedule.layers() == null ? List.of() : schedule.layers();
        List<LayerShifts> alone = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            OnCallConfig.Layer layer = layers.get(i);
            var only = new OnCallConfig.Schedule(schedule.name(), schedule.timeZone(), List.of(layer), List.of());
            alone.add(new LayerShifts(
                    layer.name() == null ? "layer " + (i + 1) : layer.name(),
                    named(Rotations.shifts(only, from, until), people)));
        }
        List<CalendarShift> overrides = (schedule.overrides() == null
                        ? List.<OnCallConfig.Override>of()
                        : schedule.overrides())
                .stream()
                        .filter(override -> override.from().isBefore(until)
                                && override.until().isAfter(from))
                        .map(override -> shift(override.person(), override.from(), override.until(), people))
                        .toList();
        return new ScheduleCalendar(
                id,
                schedule.name(),
                schedule.timeZone() == null ? null : schedule.timeZone().getId(),
                from,
                until,
                named(Rotations.shifts(schedule, from, until), people),
                alone,
                overrides,
                Rotations.members(schedule).stream()
                        .map(person -> new Member(
                                person,
                                people.containsKey(person) ? people.get(person).name() : null))
                        .toList());
    }

    private static List<CalendarShift> named(List<Rotations.Shift> shifts, Map<String, OnCallConfig.Person> people) {
        return shifts.stream()
                .map(shift -> shift(shift.person(), shift.start(), shift.end(), people))
                .toList();
    }

    private static CalendarShift shift(
            String person, Instant start, Instant end, Map<String, OnCallConfig.Person> people) {
        OnCallConfig.Person known = people.get(person);
        return new CalendarShift(person, known == null ? null : known.name(), start, end);
    }

    @GET
    @Path("/schedules/{id}.ics")
    @Produces({CALENDAR, Problem.MEDIA_TYPE})
    @Operation(summary = "A schedule's shifts as an iCalendar feed (RFC 5545): the last 7 days and the next 92")
    @APIResponse(
            responseCode = "200",
            description = "One event per shift, in UTC",
            content = @Content(mediaType = CALENDAR))
    @APIResponse(
            responseCode = "404",
            description = "No schedule with this id that pages for the caller's products",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response calendar(@PathParam("id") String id, @Context UriInfo uri) {
        OnCallConfig.Schedule schedule = visibleSchedules().get(id);
        if (schedule == null) {
            return Problem.of(404, "not-found", "Schedule not found", "no schedule " + id, uri.getPath())
                    .toResponse();
        }
        Instant now = Instant.now();
        String ics = ICalendar.of(
                id,
                schedule.name() == null ? id : schedule.name(),
                Rotations.shifts(schedule, now.minus(FEED_PAST), now.plus(FEED_AHEAD)),
                now);
        return Response.ok(ics, CALENDAR + "; charset=utf-8")
                .header("Content-Disposition", "inline; filename=\"" + id + ".ics\"")
                .build();
    }

    /**
     * The schedules the caller may see: those that page for one of the caller's products (by a routing rule naming
     * it or naming none), and those that page for every product (the default policy's, the SRE rotation).
     */
    static Map<String, OnCallConfig.Schedule> visible(OnCallConfig config, ProductScope scope) {
        Map<String, OnCallConfig.Schedule> schedules = config.schedules() == null ? Map.of() : config.schedules();
        if (scope.all()) {
            return schedules;
        }
        Set<String> policies = policies(config, scope);
        Set<String> ids = new HashSet<>();
        if (config.routing() != null && config.routing().sre() != null) {
            ids.add(config.routing().sre());
        }
        Map<String, OnCallConfig.Policy> all = config.policies() == null ? Map.of() : config.policies();
        policies.stream()
                .map(all::get)
                .filter(policy -> policy != null && policy.levels() != null)
                .flatMap(policy -> policy.levels().stream())
                .filter(level -> level.targets() != null)
                .flatMap(level -> level.targets().stream())
                .filter(target -> target.schedule() != null)
                .forEach(target -> ids.add(target.schedule()));
        Map<String, OnCallConfig.Schedule> seen = new TreeMap<>();
        schedules.forEach((id, schedule) -> {
            if (ids.contains(id)) {
                seen.put(id, schedule);
            }
        });
        return seen;
    }

    /**
     * The escalation policies that page for the caller's products: the default policy's, and those of the routing
     * rules naming one of them or naming no product; every policy for a caller of every product.
     */
    static Set<String> policies(OnCallConfig config, ProductScope scope) {
        Set<String> policies = new HashSet<>();
        if (scope.all() && config.policies() != null) {
            policies.addAll(config.policies().keySet());
        }
        OnCallConfig.Routing routing = config.routing();
        if (routing != null) {
            if (routing.defaultPolicy() != null) {
                policies.add(routing.defaultPolicy());
            }
            if (routing.rules() != null) {
                routing.rules().stream()
                        .filter(rule -> rule.product() == null
                                || rule.product().stream().anyMatch(scope::includes))
                        .forEach(rule -> policies.add(rule.policy()));
            }
        }
        return policies;
    }

    /** The schedules the caller may see, as they are now (with the shift swaps accepted). */
    static Map<String, OnCallConfig.Schedule> visibleSchedules(OnCallDirectory directory, JsonWebToken token) {
        return directory
                .current()
                .map(config -> visible(config, ProductScope.of(token)))
                .orElse(Map.of());
    }

    private Map<String, OnCallConfig.Schedule> visibleSchedules() {
        return visibleSchedules(directory, token);
    }

    private static Instant instant(String field, String text, Instant absent, UriInfo uri) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.invalidField(field, "must be an ISO-8601 instant, e.g. 2026-11-22T10:00:00Z", uri);
        }
    }
}
