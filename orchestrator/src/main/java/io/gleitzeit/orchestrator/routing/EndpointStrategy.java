package io.gleitzeit.orchestrator.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the hub ranks the endpoints a task of the internal LLM provider may go to, as the LLM service declared in its
 * registration ({@code routing_strategy}). Every strategy sees only eligible endpoints (healthy, a slot free, the
 * model served), ranks by its own figure first, lets {@code priority} (higher first) break its ties, and ends with the
 * ids ({@link RoundRobin}: a hash of the attempt first), so the same snapshot and request always give the same
 * choice. Tasks that go to services without endpoints are always ranked {@link LeastLoaded least loaded}.
 */
public sealed interface EndpointStrategy
        permits EndpointStrategy.LeastLoaded, EndpointStrategy.RoundRobin, EndpointStrategy.FastestResponse,
        EndpointStrategy.ModelAffinity {

    /** The default, when a service declares none. */
    EndpointStrategy DEFAULT = LeastLoaded.INSTANCE;

    /** Every strategy, the default first. */
    List<EndpointStrategy> ALL = List.of(LeastLoaded.INSTANCE, RoundRobin.INSTANCE, FastestResponse.INSTANCE,
            ModelAffinity.INSTANCE);

    /** The name on the wire and in routing decisions: {@code least_loaded}, … */
    String wireName();

    /** The order options compete in for the request, best first. */
    Comparator<RouteOption> order(RoutingRequest request);

    /** The figure that decided for {@code chosen}, for the decision's reason; empty when the load says it all. */
    String decidingFigure(RouteOption chosen, String model);

    /** The strategy with that wire name, if there is one. */
    static Optional<EndpointStrategy> fromWireName(String name) {
        return ALL.stream().filter(s -> s.wireName().equals(name)).findFirst();
    }

    /** The wire names, for error messages. */
    static List<String> wireNames() {
        return ALL.stream().map(EndpointStrategy::wireName).toList();
    }

    /**
     * The lowest share {@code in_flight / max_concurrent}; on equal shares the higher priority, then the endpoint
     * holding the model, then the lower latency (unmeasured last), then fewer in flight. Under a backlog a slow
     * endpoint frees its slots more rarely, so it receives work in proportion to its speed.
     */
    final class LeastLoaded implements EndpointStrategy {
        static final LeastLoaded INSTANCE = new LeastLoaded();

        private LeastLoaded() {
        }

        @Override
        public String wireName() {
            return "least_loaded";
        }

        @Override
        public String toString() {
            return wireName();
        }

        @Override
        public Comparator<RouteOption> order(RoutingRequest request) {
            return RouteOption.LOWER_SHARE_FIRST.thenComparing(RouteOption.HIGHER_PRIORITY_FIRST)
                    .thenComparing(RouteOption.modelLoadedFirst(request.model()))
                    .thenComparing(RouteOption::latency, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparingInt(RouteOption::inFlight)
                    .thenComparing(RouteOption.BY_IDS);
        }

        @Override
        public String decidingFigure(RouteOption chosen, String model) {
            return chosen.modelLoaded(model) ? "model loaded" : "";
        }
    }

    /**
     * Each endpoint in turn: the fewest attempts dispatched so far, then the higher priority, then a hash of the
     * attempt (decisions taken at the same moment, on two replicas or two threads, see the same counts: they spread
     * over the tied endpoints instead of all taking the first by name). The counts come from the dispatch events (the
     * load projection and the node's own reading of the streams), so every replica takes the same turns. An endpoint
     * added later has the fewest and takes the turns until it has caught up, as far as its slots allow.
     */
    final class RoundRobin implements EndpointStrategy {
        static final RoundRobin INSTANCE = new RoundRobin();

        private RoundRobin() {
        }

        @Override
        public String wireName() {
            return "round_robin";
        }

        @Override
        public String toString() {
            return wireName();
        }

        @Override
        public Comparator<RouteOption> order(RoutingRequest request) {
            return Comparator.comparingLong(RouteOption::dispatched).thenComparing(RouteOption.HIGHER_PRIORITY_FIRST)
                    .thenComparing(RouteOption.spreadBy(request.attemptKey()));
        }

        @Override
        public String decidingFigure(RouteOption chosen, String model) {
            return chosen.dispatched() + " dispatched before";
        }
    }

    /**
     * The lowest smoothed latency (EWMA of completions); an endpoint not measured yet first, so that it is measured.
     * Then the lower share in flight, the higher priority, fewer in flight. A slower endpoint receives work only
     * while every faster one is full.
     */
    final class FastestResponse implements EndpointStrategy {
        static final FastestResponse INSTANCE = new FastestResponse();

        private FastestResponse() {
        }

        @Override
        public String wireName() {
            return "fastest_response";
        }

        @Override
        public String toString() {
            return wireName();
        }

        @Override
        public Comparator<RouteOption> order(RoutingRequest request) {
            return Comparator.comparing(RouteOption::latency, Comparator.nullsFirst(Comparator.<Double>naturalOrder()))
                    .thenComparing(RouteOption.LOWER_SHARE_FIRST).thenComparing(RouteOption.HIGHER_PRIORITY_FIRST)
                    .thenComparingInt(RouteOption::inFlight)
                    .thenComparing(RouteOption.BY_IDS);
        }

        @Override
        public String decidingFigure(RouteOption chosen, String model) {
            return chosen.latency() == null ? "latency not measured yet"
                    : String.format(Locale.ROOT, "%.0f ms", chosen.latency());
        }
    }

    /**
     * Endpoints holding the model in memory first (no cold load), then as {@link LeastLoaded}: the lower share, the
     * higher priority, the lower latency, fewer in flight.
     */
    final class ModelAffinity implements EndpointStrategy {
        static final ModelAffinity INSTANCE = new ModelAffinity();

        private ModelAffinity() {
        }

        @Override
        public String wireName() {
            return "model_affinity";
        }

        @Override
        public String toString() {
            return wireName();
        }

        @Override
        public Comparator<RouteOption> order(RoutingRequest request) {
            return RouteOption.modelLoadedFirst(request.model()).thenComparing(RouteOption.LOWER_SHARE_FIRST)
                    .thenComparing(RouteOption.HIGHER_PRIORITY_FIRST)
                    .thenComparing(RouteOption::latency, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparingInt(RouteOption::inFlight)
                    .thenComparing(RouteOption.BY_IDS);
        }

        @Override
        public String decidingFigure(RouteOption chosen, String model) {
            return chosen.modelLoaded(model) ? "model loaded" : "the model is loaded on no eligible endpoint";
        }
    }
}
