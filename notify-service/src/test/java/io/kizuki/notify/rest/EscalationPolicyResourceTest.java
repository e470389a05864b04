package io.kizuki.notify.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Severity;
import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;
import io.kizuki.web.ProductScope;

class EscalationPolicyResourceTest {

    private static final OnCallConfig CONFIG = ConfigLoader.parse("""
            people:
              alice: {name: Alice Example, timeZone: UTC, slack: U1}
              erin: {name: Erin Example, timeZone: UTC, email: erin@example.com}
            groups:
              managers: {name: Incident managers, members: [erin]}
            schedules:
              shop-primary: {name: "Shop, primary", timeZone: UTC, layers: [{members: [alice], length: P7D, start: 2026-11-02T09:00:00}]}
              payments-primary: {timeZone: UTC, layers: [{members: [alice], length: P7D, start: 2026-11-02T09:00:00}]}
            escalationPolicies:
              shop:
                name: Shop
                repeat: 1
                levels:
                  - {timeout: PT5M, targets: [{schedule: shop-primary}]}
                  - {timeout: PT10M, targets: [{schedule: shop-primary, who: next}, {person: erin}, {group: managers}]}
              payments: {levels: [{timeout: PT5M, targets: [{schedule: payments-primary}]}]}
              any: {levels: [{timeout: PT5M, targets: [{person: alice}]}]}
            routing:
              default: any
              rules:
                - {product: [shop], policy: shop}
                - {product: [payments], policy: payments}
                - {product: [shop, payments], severity: [SEV1], policy: any}
            """).config();

    @Test
    void aCallerSeesThePoliciesThatPageForTheirProductsWithEveryLevelsTargetsNamed() {
        ProductScope shop = new ProductScope(Set.of("shop"));

        var views = EscalationPolicyResource.views(CONFIG, OnCallResource.policies(CONFIG, shop), shop);

        assertThat(views).extracting(EscalationPolicyResource.PolicyView::id).containsExactly("any", "shop");
        var policy = views.getLast();
        assertThat(policy.name()).isEqualTo("Shop");
        assertThat(policy.repeat()).isEqualTo(1);
        assertThat(policy.levels())
                .extracting(EscalationPolicyResource.LevelView::timeout)
                .containsExactly("PT5M", "PT10M");
        assertThat(policy.levels().getLast().targets())
                .extracting(target -> target.kind() + " " + target.id() + " " + target.name() + " " + target.who())
                .containsExactly(
                        "schedule shop-primary Shop, primary next",
                        "person erin Erin Example null",
                        "group managers Incident managers null");
        assertThat(policy.levels().getFirst().targets().getFirst().who()).isEqualTo("on-call");
    }

    @Test
    void anotherProductsRoutesAreNotShownNorNamed() {
        ProductScope shop = new ProductScope(Set.of("shop"));

        var any = EscalationPolicyResource.views(CONFIG, Set.of("any"), shop).getFirst();

        assertThat(any.routes()).hasSize(2);
        assertThat(any.routes().getFirst().isDefault()).isTrue();
        assertThat(any.routes().getLast().products()).containsExactly("shop");
        assertThat(any.routes().getLast().severities()).containsExactly(Severity.SEV1);
        assertThat(EscalationPolicyResource.views(CONFIG, Set.of("any"), new ProductScope(Set.of("*")))
                        .getFirst()
                        .routes()
                        .getLast()
                        .products())
                .containsExactly("shop", "payments");
    }
}
