package io.kizuki.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * The Gatling simulation behind {@link OpenLoad}: one request per virtual user, users arriving at a fixed rate; one
 * population per load when several run at the same time.
 */
public class OpenLoadSimulation extends Simulation {

    public OpenLoadSimulation() {
        setUp(OpenLoad.CURRENT.get().stream()
                .map(OpenLoadSimulation::population)
                .toList());
    }

    private static PopulationBuilder population(OpenLoad.Run run) {
        OpenLoad.Plan plan = run.plan;
        ScenarioBuilder scenario = scenario(plan.name())
                .exec(session -> session.set("n", run.counter.incrementAndGet()).set("t0", System.nanoTime()))
                .exec(http(plan.name())
                        .post(session -> plan.path().apply(session.getLong("n")))
                        .header("Authorization", plan.authorization())
                        .header("Content-Type", "application/json")
                        .body(StringBody(session -> plan.body().apply(session.getLong("n"))))
                        .check(
                                plan.queuedStatus() == 0
                                        ? status().is(plan.expectedStatus()).saveAs("status")
                                        : status().in(plan.expectedStatus(), plan.queuedStatus())
                                                .saveAs("status")))
                .exec(session -> {
                    boolean ok = !session.isFailed();
                    run.completed(session.getLong("n"), session.getLong("t0"), ok, ok ? session.getInt("status") : 0);
                    return session;
                });
        return scenario.injectOpen(constantUsersPerSec(plan.perSecond()).during(plan.duration()))
                .protocols(http.baseUrl(plan.baseUrl()).shareConnections().disableCaching());
    }
}
