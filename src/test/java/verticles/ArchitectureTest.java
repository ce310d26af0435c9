package verticles;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package boundaries the code layout promises (docs/architecture.md, "Code layout"), checked
 * on the compiled classes.
 */
@DisplayName("The architecture")
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("verticles");

    private static final String[] FEATURES = {"verticles.orders..", "verticles.inventory..", "verticles.shipments..",
        "verticles.push..", "verticles.webhooks..", "verticles.notify..", "verticles.tenants..",
        "verticles.deadletters..", "verticles.simulator..", "verticles.devices..", "verticles.trackinglinks.."};

    /**
     * The contracts features publish to each other: the shape of their events, the event-bus
     * addresses they answer on, the topics they publish, and the stream tokens the edge checks. Each is a leaf, depending
     * on platform and domain alone.
     */
    private static final Set<String> CONTRACTS = Set.of(
        "verticles.orders.OrderTopics",
        "verticles.shipments.ShipmentTopics",
        "verticles.inventory.InventoryTopics",
        "verticles.inventory.InventoryEvents",
        "verticles.orders.OrderEventView",
        "verticles.shipments.ShipmentEvents",
        "verticles.push.StreamTokens",
        "verticles.orders.OrderAddresses",
        "verticles.shipments.ShipmentAddresses",
        "verticles.tenants.TenantAddresses",
        "verticles.inventory.InventoryAddresses",
        "verticles.deadletters.DeadLetterAddresses",
        "verticles.webhooks.WebhookAddresses",
        "verticles.devices.DeviceAddresses");

    /**
     * What one feature may use of another: its contracts, and the entry points the edge calls (the
     * stream routes it mounts, the key directory it asks). Everything else is the feature's own.
     * The launcher, which wires every feature, is not bound by this.
     */
    private static final Set<String> PUBLISHED = union(CONTRACTS, Set.of(
        "verticles.push.StreamRoutes",
        "verticles.tenants.KeyDirectory"));

    /** The edge also mounts each feature's routes: a feature's {@code *Routes} classes are for it alone. */
    private static boolean isRoutes(JavaClass type) {
        return type.getSimpleName().endsWith("Routes") && !type.getPackageName().startsWith("verticles.api");
    }

    @Test
    @DisplayName("platform knows no feature, the edge, the launcher or the developer run")
    void platformKnowsNoFeature() {
        noClasses().that().resideInAPackage("verticles.platform..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(FEATURES,
                "verticles.api..", "verticles.launcher..", "verticles.dev.."))
            .check(MAIN);
    }

    @Test
    @DisplayName("domain is plain Java: no Vert.x, no client, no other package of ours")
    void domainIsPlainJava() {
        classes().that().resideInAPackage("verticles.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "verticles.domain..")
            .check(MAIN);
    }

    @Test
    @DisplayName("only the launcher reaches the developer run's embedded servers")
    void devIsReachedOnlyByTheLauncher() {
        noClasses().that().resideOutsideOfPackages("verticles.dev..", "verticles.launcher..")
            .should().dependOnClassesThat().resideInAPackage("verticles.dev..")
            .check(MAIN);
    }

    @Test
    @DisplayName("a feature, and the edge, use another feature only through what it publishes")
    void featuresUseOnlyPublishedContracts() {
        for (String feature : FEATURES) {
            noClasses().that().resideInAPackage(feature)
                .should().dependOnClassesThat(featureInternalsOtherThan(feature))
                .check(MAIN);
        }
        noClasses().that().resideInAPackage("verticles.api..")
            .should().dependOnClassesThat(featureInternalsOtherThan("verticles.api..")
                .and(DescribedPredicate.describe("are not a feature's routes", t -> !isRoutes(t))))
            .check(MAIN);
    }

    @Test
    @DisplayName("the edge holds no feature's routes: it mounts them, and they live with their feature")
    void routesLiveWithTheirFeature() {
        classes().that().resideInAPackage("verticles.api..").and().haveSimpleNameEndingWith("Routes")
            .should().haveSimpleName("HealthRoutes").orShould().haveSimpleName("AdminRoutes")
            .because("health and the admin gate are the edge's own; every other route belongs to a feature")
            .check(MAIN);
        noClasses().that().resideInAPackage("verticles.api..").and().doNotHaveSimpleName("AdminRoutes")
            .and().doNotHaveSimpleName("ApiKeyAuthentication")
            .should().dependOnClassesThat().haveSimpleNameEndingWith("Addresses")
            .because("the edge asks no feature anything itself: authentication only listens for key changes,"
                + " and only the cache rebuild, which spans features, asks")
            .check(MAIN);
    }

    @Test
    @DisplayName("the top-level packages depend on each other without cycles, contracts aside")
    void noCycles() {
        // A published contract is a leaf (it depends on platform alone): the order saga's two sides
        // read each other's events, which is a conversation, not a cycle of implementations.
        slices().matching("verticles.(*)..").should().beFreeOfCycles()
            .ignoreDependency(DescribedPredicate.alwaysTrue(),
                DescribedPredicate.describe("a published contract", RulesOfTheCode::isContract))
            .check(MAIN);
    }

    @Test
    @DisplayName("a contract depends on platform and domain alone")
    void contractsAreLeaves() {
        classes().that(DescribedPredicate.describe("are published contracts", RulesOfTheCode::isContract))
            .should().onlyDependOnClassesThat(DescribedPredicate.describe("java, Vert.x, platform, domain or itself",
                t -> !t.getPackageName().startsWith("verticles.") || t.getPackageName().startsWith("verticles.platform")
                    || t.getPackageName().startsWith("verticles.domain") || RulesOfTheCode.isContract(t)))
            .check(MAIN);
    }

    @Test
    @DisplayName("every feature's configuration keys, topics and upkeeps are registered, so no node ignores them")
    void everyKeySetTopicSetAndUpkeepIsRegistered() {
        registered(verticles.platform.config.KeySet.class);
        registered(verticles.platform.kafka.TopicSet.class);
        registered(verticles.platform.maintenance.Upkeep.class);
    }

    private static <T> void registered(Class<T> service) {
        java.util.Set<String> registered = new java.util.HashSet<>();
        java.util.ServiceLoader.load(service).forEach(set -> registered.add(set.getClass().getName()));
        classes().that().implement(service)
            .should(new ArchCondition<>("be listed in META-INF/services/" + service.getName()) {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    if (!registered.contains(item.getName())) {
                        events.add(SimpleConditionEvent.violated(item, item.getName() + " is not registered"));
                    }
                }
            })
            .check(MAIN);
    }

    @Test
    @DisplayName("SQL runs only in a store, or in platform code that knows no feature")
    void sqlOnlyInStores() {
        noClasses()
            .that().resideOutsideOfPackage("verticles.platform..")
            .and().haveSimpleNameNotEndingWith("Store")
            .should(runSql())
            .check(MAIN);
    }

    private static DescribedPredicate<JavaClass> featureInternalsOtherThan(String feature) {
        String own = feature.substring(0, feature.length() - 2);
        return DescribedPredicate.describe("another feature's internals (not " + PUBLISHED + ")", target ->
            java.util.Arrays.stream(FEATURES).map(f -> f.substring(0, f.length() - 2))
                .anyMatch(other -> !other.equals(own) && target.getPackageName().startsWith(other))
                && !PUBLISHED.contains(target.getName().split("\\$")[0]));
    }

    private static ArchCondition<JavaClass> runSql() {
        return new ArchCondition<>("run SQL (query or preparedQuery on a SQL client)") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (JavaMethodCall call : item.getMethodCallsFromSelf()) {
                    String owner = call.getTargetOwner().getName();
                    String name = call.getName();
                    if (owner.startsWith("io.vertx.sqlclient.") && (name.equals("query") || name.equals("preparedQuery"))) {
                        // satisfied: this class runs SQL, which noClasses() turns into a violation
                        events.add(SimpleConditionEvent.satisfied(item, item.getName() + " runs SQL in "
                            + call.getOrigin().getName() + " (" + call.getSourceCodeLocation() + ")"));
                    }
                }
            }
        };
    }

    /** Named so the rules read as sentences. */
    private static final class RulesOfTheCode {
        static boolean isContract(JavaClass type) {
            return CONTRACTS.contains(type.getName().split("\\$")[0]);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static String[] concat(String[] features, String... more) {
        String[] all = java.util.Arrays.copyOf(features, features.length + more.length);
        System.arraycopy(more, 0, all, features.length, more.length);
        return all;
    }
}
